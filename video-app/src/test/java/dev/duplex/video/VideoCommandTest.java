package dev.duplex.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.DuplexHome;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.video.source.VideoFiles;
import dev.duplex.video.testkit.CommandRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoCommandTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--listen --connect 127.0.0.1          | Choose --listen or --connect, not both.",
        "--connect 127.0.0.1 --room demo       | --host, --port and --room are for relay mode",
        "--quality 0                           | quality: 0 (expected: 1..100)",
        "--connect 127.0.0.1:abc               | '127.0.0.1:abc' has no valid port: write HOST:PORT with a port from 1 to 65535.",
        "--connect 127.0.0.1:70000             | Port 70000 is out of range: use a number from 1 to 65535.",
        "--port 99999                          | Port 99999 is out of range: use a number from 1 to 65535.",
        "--listen --port 5000                  | --port is the relay's port: to listen on port 5000, write --listen=5000.",
        "--fps 0                               | fps: 0 (expected: 1..120)",
        "--seconds 0 --headless                | --seconds: 0 (expected: > 0)",
        "--width 8                             | size: 8x480 (expected: 16..4096 each)",
        "--bogus                               | Unknown option: '--bogus'",
        "--video-window -1                     | video window: -1 (expected: 0..64, 0 = off)",
        "--compat lecture                      | --compat lecture talks to one peer directly: add --listen [PORT]",
        "--compat lecture --room demo          | --compat lecture is direct mode only: --host, --port and --room",
        "--compat lecture --connect h --port 1 | --compat lecture is direct mode only",
        "--compat lecture --host h --listen    | --compat lecture is direct mode only",
        "--compat python --listen              | --compat python: expected duplex or lecture.",
    })
    void badArgumentsAreUsageErrorsWithExitCode2(String args, String message) {
        CommandRun run = new CommandRun().execute(args.split(" "));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.toString()).contains(message).contains("Usage: video");
    }

    @Test
    void helpExitsWith0() {
        CommandRun run = new CommandRun().execute("--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.out()).contains("--listen", "--connect", "--source", "--headless", "--compat");
    }

    @Test
    void explicitlyRequestedCameraThatIsAbsentFailsWithASentence() {
        CommandRun run = new CommandRun().execute("--source", "camera", "--device", "99", "--headless", "--seconds", "1",
                "--listen", "0", "--bind", "127.0.0.1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.toString()).startsWith("No camera could be opened at index 99");
        assertThat(run.out()).doesNotContain("summary");
    }

    @Test
    void withoutACameraTheSyntheticPatternIsUsedAndAnnounced() {
        CommandRun run = new CommandRun().execute("--device", "99", "--headless", "--seconds", "1", "--listen", "0",
                "--bind", "127.0.0.1", "--width", "160", "--height", "120");

        assertThat(run.exitCode).isZero();
        assertThat(run.out()).contains("No camera found; using the synthetic test pattern.")
                .contains("Sending the synthetic test pattern")
                .contains("Waiting for a peer. Give the other side one of: 127.0.0.1:")
                .contains("summary ");
    }

    @Test
    void cannotConnectExitsWith1AndASentence() throws Exception {
        int closedPort = freePort();
        CommandRun run = new CommandRun().execute("--connect", "127.0.0.1:" + closedPort, "--source", "synthetic", "--headless",
                "--seconds", "1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.toString().strip())
                .isEqualTo("Cannot reach 127.0.0.1:" + closedPort + " — is the other side listening?");
    }

    @Test
    void aRefusalIsPrintedOnceNotOnBothStreams() throws Exception {
        try (dev.duplex.core.relay.RelayServer relay = dev.duplex.core.relay.RelayServer.builder()
                .bindHost("127.0.0.1").port(0).build().start();
             dev.duplex.core.session.Session ann = dev.duplex.core.session.DuplexClient.builder().port(relay.port())
                     .nickname("ann").connect().join()) {
            CommandRun run = new CommandRun().execute("--plaintext", "--port", String.valueOf(relay.port()), "--nick", "ann",
                    "--source", "synthetic", "--headless", "--seconds", "1");
            assertThat(run.exitCode).isEqualTo(1);
            String sentence = "The nickname 'ann' is already used in room 'lobby': choose another.";
            assertThat((run.out() + run.err.toString()).split(java.util.regex.Pattern.quote(sentence), -1))
                    .as("once: %s / %s", run.out(), run.err).hasSize(2);
            assertThat(run.err.toString().strip()).isEqualTo(sentence);
        }
    }

    @Test
    void aBadVideoFileExitsWith1AndASentence() throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.avi"), "not a video");
        CommandRun run = new CommandRun().execute("--source", notVideo.toString(), "--headless", "--seconds", "1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.toString()).startsWith("Cannot play " + notVideo);
    }

    @Test
    void twoHeadlessPeersInARelayRoomPrintStatsEverySecondAndASummary() throws Exception {
        Path clip = VideoFiles.writeMjpeg(dir.resolve("clip.avi"), 160, 120, 15, 30);
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).build().start()) {
            String port = String.valueOf(relay.port());
            CommandRun ann = new CommandRun();
            CommandRun ben = new CommandRun();
            Future<CommandRun> annDone = pool.submit(() -> ann.execute("--plaintext", "--port", port, "--room", "r", "--nick", "ann",
                    "--source", "synthetic", "--width", "320", "--height", "240", "--no-adapt", "--headless", "--seconds", "4"));
            Future<CommandRun> benDone = pool.submit(() -> ben.execute("--plaintext", "--port", port, "--room", "r", "--nick", "ben",
                    "--source", clip.toString(), "--no-adapt", "--headless", "--seconds", "4"));
            annDone.get(30, TimeUnit.SECONDS);
            benDone.get(30, TimeUnit.SECONDS);

            assertThat(ann.exitCode).as(ann.err.toString()).isZero();
            assertThat(ben.exitCode).as(ben.err.toString()).isZero();
            assertThat(ann.out()).contains("Sending the synthetic test pattern as ann (relay 127.0.0.1:" + port)
                    .containsPattern("t=1s send .* fps")
                    // ann receives ben's file at the file's size (both fixed: adapting to a busy
                    // machine would send a smaller picture, as a CI run once did).
                    .containsPattern("recv .* 160x120");
            assertThat(ben.out()).contains("Sending the file clip.avi as ben").containsPattern("recv .* 320x240");
            for (CommandRun run : new CommandRun[] {ann, ben}) {
                Map<String, String> summary = CommandRun.summary(run.out());
                assertThat(summary).containsKeys("sent", "received", "fps", "latency_p50_ms", "latency_p99_ms",
                        "dropped");
                assertThat(Long.parseLong(summary.get("sent"))).isPositive();
                assertThat(Long.parseLong(summary.get("received"))).isPositive();
                assertThat(Double.parseDouble(summary.get("fps"))).isPositive();
                assertThat(Double.parseDouble(summary.get("latency_p99_ms"))).isBetween(0.0, 1_000.0);
                assertThat(Double.parseDouble(summary.get("latency_p50_ms")))
                        .isLessThanOrEqualTo(Double.parseDouble(summary.get("latency_p99_ms")));
                assertThat(Long.parseLong(summary.get("dropped"))).isNotNegative();
            }
        }
    }

    @Test
    void listenAndConnectLikeTheLecture() throws Exception {
        int port = freePort();
        CommandRun server = new CommandRun();
        CommandRun client = new CommandRun();
        Future<CommandRun> serverDone = pool.submit(() -> server.execute("--listen", String.valueOf(port), "--bind",
                "127.0.0.1", "--nick", "server", "--source", "synthetic", "--width", "160", "--height", "120",
                "--headless", "--seconds", "4"));
        await().atMost(Duration.ofSeconds(15)).until(() -> server.out().contains("Waiting for a peer"));
        Future<CommandRun> clientDone = pool.submit(() -> client.execute("--connect", "127.0.0.1:" + port, "--nick",
                "client", "--source", "synthetic", "--width", "160", "--height", "120", "--headless", "--seconds",
                "2"));
        clientDone.get(30, TimeUnit.SECONDS);
        serverDone.get(30, TimeUnit.SECONDS);

        assertThat(client.exitCode).as(client.err.toString()).isZero();
        assertThat(server.exitCode).as(server.err.toString()).isZero();
        assertThat(Long.parseLong(CommandRun.summary(client.out()).get("received"))).isPositive();
        assertThat(Long.parseLong(CommandRun.summary(server.out()).get("received"))).isPositive();
        // TLS by default: the listening side shows its persistent identity, the caller the same one.
        String own = Identity.loadOrCreate(DuplexHome.peerDirectory()).fingerprint().toString();
        assertThat(server.out()).contains("Encrypted (TLS). Your identity is " + own);
        assertThat(client.out()).contains("Encrypted (TLS); the peer's identity is " + own + ".");
    }

    @Test
    void throughATlsRelayTheFirstContactIsTrustedAndPrintedAndAChangedIdentityIsRefused() throws Exception {
        Identity identity = Identity.loadOrCreate(dir.resolve("relay"));
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2)
                .tls(TlsOptions.server(identity)).build().start()) {
            String port = String.valueOf(relay.port());
            KnownHosts known = KnownHosts.openDefault();
            known.forget("127.0.0.1", relay.port()); // left by an earlier run on the same port

            CommandRun first = new CommandRun().execute("--port", port, "--nick", "ann", "--source", "synthetic", "--width", "160",
                    "--height", "120", "--headless", "--seconds", "1");
            assertThat(first.exitCode).as(first.err.toString()).isZero();
            assertThat(first.out()).contains("First connection to 127.0.0.1:" + port + ": its identity is "
                    + identity.fingerprint())
                    .contains("Encrypted (TLS); the relay's identity is " + identity.fingerprint() + ".");
            assertThat(known.lookup("127.0.0.1", relay.port())).contains(identity.fingerprint());

            CommandRun pinned = new CommandRun().execute("--port", port, "--fingerprint", identity.fingerprint().toString(),
                    "--nick", "ben", "--source", "synthetic", "--width", "160", "--height", "120", "--headless",
                    "--seconds", "1");
            assertThat(pinned.exitCode).as(pinned.err.toString()).isZero();
            assertThat(pinned.out()).doesNotContain("First connection");

            known.remember("127.0.0.1", relay.port(), Identity.generate().fingerprint());
            CommandRun changed = new CommandRun().execute("--port", port, "--nick", "cy", "--source", "synthetic", "--headless",
                    "--seconds", "1");
            assertThat(changed.exitCode).isEqualTo(1);
            assertThat(changed.err.toString()).contains("WARNING: the identity of the relay at 127.0.0.1:" + port
                    + " has changed").contains("refusing to connect");
            known.forget("127.0.0.1", relay.port());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
