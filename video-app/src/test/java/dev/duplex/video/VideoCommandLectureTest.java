package dev.duplex.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.testing.PythonProcess;
import dev.duplex.video.testkit.CommandRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code duplex video --compat lecture --headless} against the lecture's Python video server and
 * client: what is printed (the plaintext notice, latency "n/a" with a note) and that frames cross.
 */
class VideoCommandLectureTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void needsPython() {
        PythonProcess.assumeAvailable();
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void headlessCallToTheLecturesPythonServer() throws Exception {
        int port = freePort();
        try (PythonProcess server = PythonProcess.start("video_server.py", "127.0.0.1", String.valueOf(port), "20",
                "25")) {
            await().atMost(WAIT).until(() -> server.output().contains("Waitint for client"));
            CommandRun java = new CommandRun().execute("--compat", "lecture", "--connect", "127.0.0.1:" + port, "--source",
                    "synthetic", "--width", "160", "--height", "120", "--headless", "--seconds", "15");

            assertThat(java.exitCode).as(java.err.toString()).isZero();
            assertThat(server.waitFor(WAIT)).isTrue();
            assertThat(server.output()).contains("received 20 frames (120, 160, 3)");
            assertLectureOutput(java.out());
        }
    }

    @Test
    void theLecturesPythonClientCallsAHeadlessListener() throws Exception {
        int port = freePort();
        CommandRun java = new CommandRun();
        Future<CommandRun> done = pool.submit(() -> java.execute("--compat", "lecture", "--listen", String.valueOf(port),
                "--bind", "127.0.0.1", "--source", "synthetic", "--width", "160", "--height", "120", "--headless",
                // A listener never ends when its peer leaves: this must outlast Python's start (importing cv2
                // takes seconds on a busy machine) plus the 20 frames at 25 fps.
                "--seconds", "12"));
        await().atMost(WAIT).until(() -> java.out().contains("Waiting for a peer"));
        try (PythonProcess client = PythonProcess.start("video_client.py", "127.0.0.1", String.valueOf(port), "20",
                "25")) {
            assertThat(client.waitFor(WAIT)).isTrue();
            assertThat(client.output()).contains("received 20 frames (120, 160, 3)");
        }
        done.get(30, TimeUnit.SECONDS);
        assertThat(java.exitCode).as(java.err.toString()).isZero();
        assertLectureOutput(java.out());
    }

    private static void assertLectureOutput(String out) {
        assertThat(out).contains(", lecture format).")
                .contains("Lecture-compatible mode: no encryption, no names, no latency measurement, no sound.")
                // The lecture's programs send 320x240 frames.
                .containsPattern("recv .* fps .* 320x240")
                .contains("latency n/a (not measured)")
                .contains("Latency was not measured: the lecture's format carries no capture time.")
                // Video only: no voice is opened, sent or asked for.
                .doesNotContain("Voice:", "No microphone").contains(" audio_sent=0 audio_received=0 ");
        Map<String, String> summary = CommandRun.summary(out);
        assertThat(Long.parseLong(summary.get("sent"))).isGreaterThanOrEqualTo(20);
        assertThat(Long.parseLong(summary.get("received"))).isPositive();
        assertThat(summary).containsEntry("latency_p50_ms", "n/a").containsEntry("latency_p99_ms", "n/a")
                .containsEntry("rtt_ms", "n/a");
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
