package dev.duplex.chat.terminal;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.PythonProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The terminal chat in the lecture's format against the lecture's own chat logic (Homework 12.1:
 * {@code chat_server.py} and {@code chat_client.py}, the tkinter window replaced by stdin/stdout),
 * in both roles; Korean and emoji cross both ways.
 */
class TerminalChatLectureTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsPython() {
        PythonProcess.assumeAvailable();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void type(PythonProcess python, String line) throws IOException {
        python.stdin().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        python.stdin().flush();
    }

    @Test
    void javaConnectsToTheLecturesPythonChatServer() throws Exception {
        int port = freePort();
        try (PythonProcess server = PythonProcess.start("chat_server.py", "127.0.0.1", String.valueOf(port))) {
            await().atMost(WAIT).until(() -> server.output().contains("waiting for a client"));
            try (TerminalHarness java = TerminalHarness.start(new ChatTarget.Direct("127.0.0.1", port, "java",
                    WireFormat.LECTURE_CHAT))) {
                java.awaitLine(TIME + "\\* Lecture-compatible mode: no encryption, no names, no acknowledgements.*");
                java.awaitLine(TIME + "\\* 127\\.0\\.0\\.1 joined \\(127\\.0\\.0\\.1:" + port
                        + "; the lecture's format has no names, so the peer is shown by its IP address\\)");
                await().atMost(WAIT).until(() -> server.output().contains("TCP server is connected to client"));

                java.send("안녕하세요 from Java 👋");
                await().atMost(WAIT).until(() -> server.output().contains(">> 안녕하세요 from Java 👋\n"));
                type(server, "hello from Python, 한글 OK 🎉");
                java.awaitLine(TIME + "127\\.0\\.0\\.1: hello from Python, 한글 OK 🎉");

                java.in.end();
                assertThat(java.exit()).succeedsWithin(WAIT).isEqualTo(0);
                assertThat(java.err.text()).as("no message failed").isEmpty();
            }
            assertThat(server.waitFor(WAIT)).isTrue();
            assertThat(server.output()).endsWith("closed\n");
        }
    }

    @Test
    void theLecturesPythonChatClientConnectsToJava() throws Exception {
        try (TerminalHarness java = TerminalHarness.start(new ChatTarget.Listen("127.0.0.1", 0, "java",
                WireFormat.LECTURE_CHAT))) {
            String port = java.awaitLine(TIME + "\\* Listening on port (\\d+)\\..*").group(1);
            java.awaitLine(TIME + "\\* Lecture-compatible mode: no encryption, no names, no acknowledgements.*");
            try (PythonProcess client = PythonProcess.start("chat_client.py", "127.0.0.1", port)) {
                java.awaitLine(TIME + "\\* 127\\.0\\.0\\.1 joined \\(127\\.0\\.0\\.1:\\d+; .*\\)");

                type(client, "파이썬 says hi 👋");
                java.awaitLine(TIME + "127\\.0\\.0\\.1: 파이썬 says hi 👋");
                java.send("Java says 반가워 🎉");
                await().atMost(WAIT).until(() -> client.output().contains(">> Java says 반가워 🎉\n"));
                java.send("second line from Java");
                await().atMost(WAIT).until(() -> client.output().contains(">> second line from Java\n"));

                java.in.end(); // Java leaves: the lecture's client sees the socket close and ends
                assertThat(java.exit()).succeedsWithin(WAIT).isEqualTo(0);
                assertThat(client.waitFor(WAIT)).isTrue();
                assertThat(client.output()).endsWith("closed\n");
            }
            assertThat(java.err.text()).isEmpty();
        }
    }
}
