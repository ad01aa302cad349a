package dev.duplex.core.internal.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.PythonProcess;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.Clock;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A duplex {@link Session} in the lecture's formats against the lecture's own Python programs
 * (video with OpenCV, chat without the tkinter window), in both roles, frames and messages crossing
 * both ways at once.
 */
class LectureInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int FRAMES = 20;

    @BeforeAll
    static void needsPython() {
        PythonProcess.assumeAvailable();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] jpeg(int n) throws IOException {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(n * 10 % 256, 80, 200));
        g.fillRect(0, 0, 160, 120);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** Sends frames at ~30 fps until the Python side has what it wants and we have ours. */
    private static void streamUntil(Session java, RecordingListener seen, PythonProcess python) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int n = 0;
        while (System.nanoTime() < deadline && (python.isAlive() || seen.videos.size() < FRAMES)) {
            java.sendVideo(160, 120, Clock.nowMicros(), jpeg(n++));
            Thread.sleep(33);
            if (n > 30 * 30) {
                break;
            }
        }
    }

    private static void assertReceivedFromPython(RecordingListener seen) {
        assertThat(seen.videos.size()).isGreaterThanOrEqualTo(FRAMES);
        VideoMessage first = seen.videos.get(0);
        assertThat(first.jpeg()[0]).isEqualTo((byte) 0xFF);
        assertThat(first.jpeg()[1]).isEqualTo((byte) 0xD8);
        assertThat(first.sender()).isEqualTo("127.0.0.1");
        assertThat(seen.videos).extracting(VideoMessage::sequence).isSorted();
    }

    @Test
    void javaVideoClientTalksToTheLecturesPythonServer() throws Exception {
        int port = freePort();
        RecordingListener seen = new RecordingListener();
        try (PythonProcess server = PythonProcess.start("video_server.py", "127.0.0.1", String.valueOf(port),
                String.valueOf(FRAMES), "25")) {
            await().atMost(WAIT).until(() -> server.output().contains("Waitint for client"));
            Session java = DirectPeer.builder().nickname("java").wireFormat(WireFormat.LECTURE_VIDEO).listener(seen)
                    .connect("127.0.0.1", port).join();
            try {
                streamUntil(java, seen, server);
                assertThat(server.waitFor(WAIT)).isTrue();
                assertThat(server.output()).contains("received " + FRAMES + " frames (120, 160, 3)");
                assertReceivedFromPython(seen);
            } finally {
                java.close();
            }
        }
    }

    @Test
    void theLecturesPythonClientTalksToAJavaVideoListener() throws Exception {
        RecordingListener seen = new RecordingListener();
        try (DirectListener java = DirectPeer.builder().nickname("java").wireFormat(WireFormat.LECTURE_VIDEO)
                .listener(seen).listen("127.0.0.1", 0);
             PythonProcess client = PythonProcess.start("video_client.py", "127.0.0.1",
                     String.valueOf(java.localAddress().getPort()), String.valueOf(FRAMES), "25")) {
            Session session = java.firstSession().get(10, TimeUnit.SECONDS);
            streamUntil(session, seen, client);
            assertThat(client.waitFor(WAIT)).isTrue();
            assertThat(client.output()).contains("received " + FRAMES + " frames (120, 160, 3)");
            assertReceivedFromPython(seen);
        }
    }

    @Test
    void javaChatClientTalksToTheLecturesPythonServer() throws Exception {
        int port = freePort();
        RecordingListener seen = new RecordingListener();
        try (PythonProcess server = PythonProcess.start("chat_server.py", "127.0.0.1", String.valueOf(port))) {
            await().atMost(WAIT).until(() -> server.output().contains("waiting for a client"));
            Session java = DirectPeer.builder().nickname("java").wireFormat(WireFormat.LECTURE_CHAT).listener(seen)
                    .connect("127.0.0.1", port).join();
            try {
                java.sendText("안녕하세요 from Java 👋").join();
                await().atMost(WAIT).until(() -> server.output().contains(">> 안녕하세요 from Java 👋\n"));
                server.stdin().write("hello from Python, 한글 OK\n".getBytes(StandardCharsets.UTF_8));
                server.stdin().flush();
                await().atMost(WAIT).until(() -> seen.bodies().contains("hello from Python, 한글 OK"));
                assertThat(seen.texts.get(0).sender()).isEqualTo("127.0.0.1");
            } finally {
                java.close();
            }
            assertThat(server.waitFor(WAIT)).isTrue();
            assertThat(server.output()).endsWith("closed\n");
        }
    }

    @Test
    void theLecturesPythonClientTalksToAJavaChatListener() throws Exception {
        RecordingListener seen = new RecordingListener();
        try (DirectListener java = DirectPeer.builder().nickname("java").wireFormat(WireFormat.LECTURE_CHAT)
                .listener(seen).listen("127.0.0.1", 0);
             PythonProcess client = PythonProcess.start("chat_client.py", "127.0.0.1",
                     String.valueOf(java.localAddress().getPort()))) {
            Session session = java.firstSession().get(10, TimeUnit.SECONDS);
            client.stdin().write("파이썬 says hi\n".getBytes(StandardCharsets.UTF_8));
            client.stdin().flush();
            await().atMost(WAIT).until(() -> seen.bodies().contains("파이썬 says hi"));
            session.sendText("Java says 반가워").join();
            await().atMost(WAIT).until(() -> client.output().contains(">> Java says 반가워\n"));
        }
    }
}
