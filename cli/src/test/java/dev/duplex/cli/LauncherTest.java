package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.session.LocalAddresses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's commands, run in-process with captured output. */
class LauncherTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Duplex.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("server", "demo", "example");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        assertThat(run("server", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("teleport")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }

    @Test
    void nonNumericPortIsAUsageError() {
        assertThat(run("server", "--port", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("--port").contains("abc");
    }

    @Test
    void headlessDemoExchangesTextAndVideoAndSaysSo() {
        assertThat(run("demo", "--headless", "--seconds", "1")).isZero();
        String printed = out.toString();
        assertThat(printed).contains("alice texts sent", "bob   texts sent")
                .contains("OK: every text was acknowledged and both sides received text and video.");
    }

    @Test
    void demoRejectsAnAbsurdDuration() {
        assertThat(run("demo", "--seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--seconds must be between 1 and 600");
    }

    @Test
    void serverRunsForABoundedTimeAndPrintsWhereToJoin() {
        assertThat(run("server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1")).isZero();
        assertThat(out.toString()).contains("duplex relay listening on 127.0.0.1:")
                .contains("./duplex chat --host").contains("duplex relay stopped");
    }

    @Test
    void theRelaysVideoPacingIsAnOptionWithItsRangeInTheError() {
        assertThat(run("server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1", "--plaintext",
                "--relay-video-window", "2")).isZero();
        assertThat(out.toString()).contains("video: paced to each member that confirms frames, at most 2");
        assertThat(run("server", "--relay-video-window", "65")).isEqualTo(2);
        assertThat(err.toString()).contains("relayVideoWindow: 65").contains("0..64");
    }

    @Test
    void serverBoundToOneAddressAdvertisesOnlyThatAddress() {
        assertThat(run("server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1", "--plaintext")).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("others can join with")).toList())
                .singleElement().asString().contains("--host 127.0.0.1 ");
    }

    @Test
    void theAddressesToJoinAreTheBoundOneOrEveryInterfaceForAWildcard() {
        List<String> interfaces = List.of("192.0.2.2", "198.51.100.7");
        assertThat(LocalAddresses.forBind("127.0.0.1", interfaces)).containsExactly("127.0.0.1");
        assertThat(LocalAddresses.forBind("192.0.2.2", interfaces)).containsExactly("192.0.2.2");
        assertThat(LocalAddresses.forBind("0.0.0.0", interfaces)).containsExactly("192.0.2.2", "198.51.100.7");
        assertThat(LocalAddresses.forBind("::", interfaces)).containsExactly("192.0.2.2", "198.51.100.7");
        assertThat(LocalAddresses.forBind("0.0.0.0", List.of())).containsExactly("127.0.0.1");
    }

    @Test
    void serverOnATakenPortFailsWithASentenceAndExitCode1() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int code = run("server", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--seconds", "1");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("already in use").doesNotContain("Exception");
        }
    }

    @Test
    void exampleListNamesEveryLectureProgram() {
        assertThat(run("example", "--list")).isZero();
        assertThat(out.toString()).contains("fibonacci", "bank-lost-update", "producer-consumer", "tcp-server");
    }

    @Test
    void unknownExampleIsAUsageError() {
        assertThat(run("example", "warp-drive")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown example 'warp-drive'");
    }

    @Test
    void aBadPortReadsTheSameInEveryCommandExitsWith2AndPointsToHelp() {
        for (String command : java.util.List.of("chat", "video", "server")) {
            StringWriter errors = new StringWriter();
            int code = Duplex.run(new String[] {command, "--port", "99999"}, new PrintWriter(new StringWriter(), true),
                    new PrintWriter(errors, true));
            assertThat(code).as(command).isEqualTo(2);
            assertThat(errors.toString()).as(command).startsWith("Port 99999 is out of range: use a number from ")
                    .contains("Run 'duplex " + command + " --help' for more.").doesNotContain("Usage:");
        }
    }

    @Test
    void videoListenWithPortPointsToTheRightSpelling() {
        assertThat(run("video", "--listen", "--port", "5000")).isEqualTo(2);
        assertThat(err.toString()).contains("write --listen=5000").doesNotContain("Usage:");
    }

    @Test
    void demoHelpShowsRealDefaults() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("(default: 3)").doesNotContain("null");
    }

    @Test
    void aRelayThatCannotStartLeavesNoIdentityOrHistoryBehind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = dir.resolve("relay");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(run("server", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--data", data.toString(), "--seconds", "1")).isEqualTo(1);
            assertThat(run("server", "--plaintext", "--bind", "127.0.0.1", "--port",
                    String.valueOf(taken.getLocalPort()), "--data", data.toString(), "--seconds", "1")).isEqualTo(1);
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void aPlaintextRelayKeepsItsHistoryPrivateToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews().contains("posix"));
        java.nio.file.Path data = dir.resolve("relay");
        assertThat(run("server", "--plaintext", "--bind", "127.0.0.1", "--port", "0", "--data", data.toString(),
                "--seconds", "1")).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(data.resolve("history.db")))).isEqualTo("rw-------");
    }

    @Test
    void roomSecretsCanComeFromAnOwnerOnlyFileOrTheEnvironment(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("secrets");
        java.nio.file.Files.writeString(file, "# rooms\nteam=correct horse\n");
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            java.nio.file.Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        picocli.CommandLine cli = Duplex.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ServerCommand server = cli.getSubcommands().get("server").getCommand();
        server.environment = java.util.Map.of(ServerCommand.ROOM_SECRETS_VARIABLE, "ops=s3cret")::get;
        assertThat(cli.execute("server", "--bind", "127.0.0.1", "--port", "0", "--data",
                dir.resolve("relay").toString(), "--room-secrets-file", file.toString(), "--seconds", "1"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("protected rooms (joining needs --room-secret): ops, team");
        assertThat(out.toString()).doesNotContain("s3cret").doesNotContain("correct horse");
    }
}
