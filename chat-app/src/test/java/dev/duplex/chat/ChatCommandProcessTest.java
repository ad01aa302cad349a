package dev.duplex.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RecordingListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code chat --cli} as a separate process: stdin and stdout are real pipes, the exit code is real. */
class ChatCommandProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Process start(String... args) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", classPath, ChatCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static List<String> collect(java.io.InputStream stream) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(read failed: " + e.getMessage() + ")");
            }
        }, "process-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void chatsThroughTheRelayAndLeavesCleanlyOnEndOfInput() throws Exception {
        RecordingListener bobEvents = new RecordingListener();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobEvents)
                     .connect().join()) {
            Process chat = start("--cli", "--plaintext", "--port", String.valueOf(relay.port()), "--nick", "procs");
            try {
                List<String> out = collect(chat.getInputStream());
                List<String> err = collect(chat.getErrorStream());
                await().atMost(WAIT).until(() -> bob.participants().contains("procs"));

                bob.sendText("어서 와요").join();
                await().atMost(WAIT).until(() -> out.stream().anyMatch(l -> l.matches(
                        "\\[\\d{2}:\\d{2}:\\d{2}\\] bob: 어서 와요")));

                try (OutputStream stdin = chat.getOutputStream()) {
                    stdin.write("고마워요, bob\n".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(chat.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(chat.exitValue()).as("stderr: %s", err).isZero();
                await().atMost(WAIT).until(() -> bobEvents.bodies().contains("고마워요, bob"));
                await().atMost(WAIT).until(() -> bobEvents.presence.stream().anyMatch(p ->
                        p.kind() == PresenceEvent.Kind.LEFT && p.nicknames().contains("procs")));
            } finally {
                chat.destroyForcibly();
            }
        }
    }

    @Test
    void unreachableRelayExitsWithOne() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Process chat = start("--cli", "--port", String.valueOf(closedPort), "--nick", "alice");
        try {
            List<String> err = collect(chat.getErrorStream());
            chat.getOutputStream().close();
            assertThat(chat.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(chat.exitValue()).isEqualTo(1);
            await().atMost(WAIT).until(() -> err.stream().anyMatch(l -> l.contains("Cannot reach 127.0.0.1:" + closedPort)));
        } finally {
            chat.destroyForcibly();
        }
    }

    /** Run as a process with {@code java.awt.headless=true}: CI runs under Xvfb, so in-process there is a display. */
    @Test
    void windowModeWithoutADisplaySaysToUseTheTerminal() throws Exception {
        Process chat = start("--nick", "alice");
        try {
            List<String> err = collect(chat.getErrorStream());
            chat.getOutputStream().close();
            assertThat(chat.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(chat.exitValue()).isEqualTo(1);
            await().atMost(WAIT).until(() -> err.stream().anyMatch(l -> l.contains("No display is available")
                    && l.contains("--cli")));
        } finally {
            chat.destroyForcibly();
        }
    }
}
