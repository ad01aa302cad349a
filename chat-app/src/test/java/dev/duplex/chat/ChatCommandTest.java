package dev.duplex.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.CapturedOutput;
import dev.duplex.chat.testing.LineInput;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.RecordingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code duplex chat} in-process: arguments, exit codes and sentences. */
class ChatCommandTest {
    private final LineInput in = new LineInput();
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private final StringWriter usage = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new ChatCommand(in, out.stream(), err.stream()));
        cmd.setOut(new PrintWriter(usage, true));
        cmd.setErr(new PrintWriter(usage, true));
        return cmd.execute(args);
    }

    @Test
    void listenAndConnectTogetherIsAUsageError() {
        assertThat(run("--cli", "--listen", "--connect", "127.0.0.1")).isEqualTo(2);
        assertThat(usage.toString()).contains("--listen and --connect cannot be used together").contains("Usage:");
    }

    @Test
    void badNicknamePortOrPeerAreUsageErrors() {
        assertThat(run("--cli", "--nick", " alice")).isEqualTo(2);
        assertThat(usage.toString()).contains("must not start or end with a space");
        assertThat(run("--cli", "--port", "70000")).isEqualTo(2);
        assertThat(usage.toString()).contains("Port 70000 is out of range");
        assertThat(run("--cli", "--connect", "peer:http")).isEqualTo(2);
        assertThat(usage.toString()).contains("'peer:http' has no valid port");
        assertThat(run("--cli", "--listen", "--room", "team")).isEqualTo(2);
        assertThat(usage.toString()).contains("--room is for relay mode");
        assertThat(run("--cli", "--port", "many")).isEqualTo(2);
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(usage.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void helpListsTheModes() {
        assertThat(run("--help")).isZero();
        assertThat(usage.toString()).contains("--listen", "--connect=HOST[:PORT]", "--cli", "--nick", "--room",
                "--compat=duplex|lecture");
    }

    @Test
    void theLecturesFormatIsForADirectChatOnly() {
        assertThat(run("--cli", "--compat", "lecture")).isEqualTo(2);
        assertThat(usage.toString()).contains("--compat lecture talks to one peer directly: add --listen, or "
                + "--connect HOST[:PORT].");
        assertThat(run("--cli", "--compat", "lecture", "--connect", "127.0.0.1", "--room", "team")).isEqualTo(2);
        assertThat(usage.toString()).contains("--compat lecture is for a direct chat: --room and --host are relay "
                + "options");
        assertThat(run("--cli", "--compat", "lecture", "--host", "10.0.0.5")).isEqualTo(2);
        assertThat(run("--cli", "--compat", "python", "--listen")).isEqualTo(2);
        assertThat(usage.toString()).contains("--compat python: expected duplex or lecture.");
    }

    @Test
    void compatLectureListensOnTheLecturesPortWithTheLecturesFormat() {
        CommandLine cmd = new CommandLine(new ChatCommand(in, out.stream(), err.stream()));
        cmd.parseArgs("--cli", "--compat", "lecture", "--listen");
        ChatCommand command = cmd.getCommand();
        assertThat(command.target()).isEqualTo(new ChatTarget.Listen("0.0.0.0", 24000, ChatTarget.defaultNickname(),
                WireFormat.LECTURE_CHAT));
        cmd.parseArgs("--cli", "--compat", "LECTURE", "--connect", "10.0.0.5", "--nick", "me");
        assertThat(((ChatCommand) cmd.getCommand()).target())
                .isEqualTo(new ChatTarget.Direct("10.0.0.5", 24000, "me", WireFormat.LECTURE_CHAT));
    }

    @Test
    void unreachableRelayExitsWithOneAndASentence() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("--cli", "--port", String.valueOf(closedPort), "--nick", "alice")).isEqualTo(1);
        assertThat(err.text()).contains("Cannot reach 127.0.0.1:" + closedPort + " — is the other side listening?");
        assertThat(err.text()).doesNotContain("Exception");
    }

    @Test
    void refusedDirectConnectionExitsWithOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("--cli", "--connect", "127.0.0.1:" + closedPort, "--nick", "alice")).isEqualTo(1);
        assertThat(err.text()).contains("Cannot reach 127.0.0.1:" + closedPort);
    }

    @Test
    void takenNicknameExitsWithOne() {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").connect().join()) {
            assertThat(run("--cli", "--plaintext", "--port", String.valueOf(relay.port()), "--nick", "alice")).isEqualTo(1);
            assertThat(err.text()).contains("The nickname 'alice' is already used in room 'lobby': choose another.");
            assertThat(alice.participants()).containsExactly("alice");
        }
    }

    @Test
    void cliChatsInARoomUntilEndOfInput() {
        RecordingListener bobEvents = new RecordingListener();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("team")
                     .listener(bobEvents).connect().join()) {
            in.line("hello team");
            in.end();
            assertThat(run("--cli", "--plaintext", "--port", String.valueOf(relay.port()), "--nick", "alice", "--room",
                    "team"))
                    .isZero();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> bobEvents.bodies().equals(java.util.List.of("hello team")));
            assertThat(out.text()).contains("* Connected to 127.0.0.1:" + relay.port() + " as alice in room team.");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !bob.participants().contains("alice"));
        }
    }

    @Test
    void securityOptionsThatCannotApplyAreUsageErrors() {
        assertThat(run("--cli", "--plaintext", "--fingerprint", "SHA256:x")).isEqualTo(2);
        assertThat(usage.toString()).contains("--fingerprint checks a TLS identity");
        assertThat(run("--cli", "--plaintext", "--room-secret", "s")).isEqualTo(2);
        assertThat(usage.toString()).contains("--room-secret needs TLS");
        assertThat(run("--cli", "--listen", "--room-secret", "s")).isEqualTo(2);
        assertThat(usage.toString()).contains("--room-secret is for relay mode");
        assertThat(run("--cli", "--fingerprint", "not-a-fingerprint")).isEqualTo(2);
        assertThat(run("--cli", "--compat", "lecture", "--listen", "--fingerprint", "SHA256:x")).isEqualTo(2);
    }

    @Test
    void throughATlsRelayTheFirstContactIsShownAndAChangedIdentityIsRefusedWithAWarning(@TempDir Path dir) {
        Identity identity = Identity.loadOrCreate(dir);
        RecordingListener bobEvents = new RecordingListener();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0)
                .tls(TlsOptions.server(identity)).roomSecret("team", "open sesame").build().start();
             Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("team")
                     .tls(TlsOptions.pinned(identity.fingerprint())).roomSecret("open sesame")
                     .listener(bobEvents).connect().join()) {
            String port = String.valueOf(relay.port());
            KnownHosts known = KnownHosts.openDefault();
            known.forget("127.0.0.1", relay.port()); // left by an earlier run on the same port

            in.line("hello over TLS");
            in.end();
            assertThat(run("--cli", "--port", port, "--nick", "alice", "--room", "team", "--room-secret",
                    "open sesame")).as(err.text()).isZero();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> bobEvents.bodies().equals(java.util.List.of("hello over TLS")));
            assertThat(out.text()).contains("First connection to 127.0.0.1:" + port + ": its identity is "
                    + identity.fingerprint())
                    .contains("as alice in room team. Encrypted (TLS); relay identity: " + identity.fingerprint());
            assertThat(known.lookup("127.0.0.1", relay.port())).contains(identity.fingerprint());

            known.remember("127.0.0.1", relay.port(), Identity.generate().fingerprint());
            LineInput nothing = new LineInput();
            nothing.end();
            CapturedOutput err2 = new CapturedOutput();
            int code = new CommandLine(new ChatCommand(nothing, new CapturedOutput().stream(), err2.stream()))
                    .execute("--cli", "--port", port, "--nick", "carol", "--room", "team", "--room-secret",
                            "open sesame");
            assertThat(code).isEqualTo(1);
            assertThat(err2.text()).contains("WARNING: the identity of the relay at 127.0.0.1:" + port
                    + " has changed").contains("refusing to connect");
            assertThat(bob.participants()).containsExactly("bob");
            known.forget("127.0.0.1", relay.port());
        }
    }

    @Test
    void aRoomSecretCanComeFromAnOwnerOnlyFileOrTheEnvironmentInsteadOfTheCommandLine(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("team.secret");
        java.nio.file.Files.writeString(file, "open sesame\n");
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            java.nio.file.Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(secretOf("--cli", "--room", "team", "--room-secret-file", file.toString())).contains("open sesame");
        assertThat(secretOf(java.util.Map.of(ChatCommand.ROOM_SECRET_VARIABLE, "from the environment"), "--cli",
                "--room", "team")).contains("from the environment");
        assertThat(secretOf(java.util.Map.of(ChatCommand.ROOM_SECRET_VARIABLE, "from the environment"), "--cli",
                "--room", "team", "--room-secret", "typed")).as("the command line wins").contains("typed");
        assertThat(secretOf(java.util.Map.of(ChatCommand.ROOM_SECRET_VARIABLE, "x"), "--cli", "--listen"))
                .as("a direct chat has no rooms: the variable does not apply").isEmpty();
        if (posix) {
            java.nio.file.Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(run("--cli", "--room-secret-file", file.toString())).isEqualTo(2);
            assertThat(usage.toString()).contains("can be read by other users: make it yours only (chmod 600 ");
        }
        assertThat(run("--cli", "--plaintext", "--room-secret-file", file.toString())).isEqualTo(2);
        assertThat(run("--cli", "--room-secret", "a", "--room-secret-file", file.toString())).isEqualTo(2);
        assertThat(usage.toString()).contains("Give the room secret once");
    }

    private java.util.Optional<String> secretOf(String... args) {
        return secretOf(java.util.Map.of(), args);
    }

    private java.util.Optional<String> secretOf(java.util.Map<String, String> environment, String... args) {
        CommandLine cmd = new CommandLine(new ChatCommand(in, out.stream(), err.stream()));
        cmd.parseArgs(args);
        ChatCommand command = cmd.getCommand();
        command.environment = environment::get;
        return command.security(command.target()).roomSecret();
    }
}
