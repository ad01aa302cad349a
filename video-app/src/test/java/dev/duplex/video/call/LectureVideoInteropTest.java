package dev.duplex.video.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.PythonProcess;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.stats.CallSummary;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.RecordingDisplay.Shown;
import dev.duplex.video.testkit.VideoThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link VideoCall} in the lecture's format (Homework 12.2) against the lecture's own Python video
 * server and client, with OpenCV on both sides: frames cross both ways at once, the Python side
 * decodes ours at the size we send, ours are shown from the peer's IP address, and latency is not
 * measured (the format has no capture time).
 */
class LectureVideoInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int FRAMES = 20;

    @BeforeAll
    static void needsPython() {
        PythonProcess.assumeAvailable();
    }

    private static VideoOptions.Builder lecture() {
        return VideoOptions.builder().nickname("java").wireFormat(WireFormat.LECTURE_VIDEO).size(320, 240).fps(20)
                .adaptive(false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theLecturesPythonClientCallsAJavaListener() throws Exception {
        RecordingDisplay javaSees = new RecordingDisplay(2_000);
        VideoCall java = VideoCall.builder(lecture().listen("127.0.0.1", 0).build())
                .source(new SyntheticSource(320, 240, 20, "java")).display(javaSees).start();
        try (PythonProcess client = PythonProcess.start("video_client.py", "127.0.0.1",
                String.valueOf(java.listeningPort()), String.valueOf(FRAMES), "25")) {
            assertThat(client.waitFor(WAIT)).as(client.output()).isTrue();
            assertThat(client.output()).contains("received " + FRAMES + " frames (240, 320, 3)");
            assertPythonFramesShown(javaSees);
        } finally {
            java.close();
        }
        assertNoLatencyButFramesBothWays(java.summary());
    }

    @Test
    void javaCallsTheLecturesPythonServer() throws Exception {
        int port = freePort();
        RecordingDisplay javaSees = new RecordingDisplay(2_000);
        try (PythonProcess server = PythonProcess.start("video_server.py", "127.0.0.1", String.valueOf(port),
                String.valueOf(FRAMES), "25")) {
            await().atMost(WAIT).until(() -> server.output().contains("Waitint for client"));
            VideoCall java = VideoCall.builder(lecture().connect("127.0.0.1", port).build())
                    .source(new SyntheticSource(320, 240, 20, "java")).display(javaSees).start();
            try {
                assertThat(server.waitFor(WAIT)).as(server.output()).isTrue();
                assertThat(server.output()).contains("received " + FRAMES + " frames (240, 320, 3)");
                assertPythonFramesShown(javaSees);
                await().atMost(WAIT).until(() -> java.ended().isDone());
            } finally {
                java.close();
            }
            assertNoLatencyButFramesBothWays(java.summary());
        }
    }

    private static void assertPythonFramesShown(RecordingDisplay javaSees) {
        await().atMost(WAIT).until(() -> !javaSees.from("127.0.0.1").isEmpty());
        Shown first = javaSees.from("127.0.0.1").get(0);
        assertThat(first.imageWidth()).isEqualTo(320);
        assertThat(first.imageHeight()).isEqualTo(240);
        assertThat(first.messageWidth()).as("the lecture's format does not say the size").isZero();
        assertThat(javaSees.frames).allMatch(f -> f.sender().equals("127.0.0.1"));
    }

    private static void assertNoLatencyButFramesBothWays(CallSummary summary) {
        assertThat(summary.sent()).isGreaterThanOrEqualTo(FRAMES);
        assertThat(summary.received()).isPositive();
        assertThat(summary.displayed()).isPositive();
        assertThat(summary.latency().count()).as("no capture times, no latency").isZero();
        assertThat(summary.line()).contains("latency_p50_ms=n/a", "rtt_ms=n/a");
        assertThat(VideoThreads.alive()).isEmpty();
    }
}
