package dev.duplex.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.testing.PythonProcess;
import dev.duplex.core.testing.RecordingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client printed in PROTOCOL.md, taken from the document and run against a relay: it
 * prints the history without echoing it, echoes a live message with an id of its own, does not echo
 * an echo, and ends cleanly (exit code 0) when the relay goes away. Skipped only where there is no
 * {@code /usr/bin/python3}.
 */
class PythonSampleClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theSampleClientInProtocolMdWorksAgainstARelay(@TempDir Path dir) throws Exception {
        PythonProcess.assumeInterpreter();
        Path script = dir.resolve("client.py");
        Files.writeString(script, sample());
        RecordingListener bobSees = new RecordingListener();
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        try {
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("lobby").listener(bobSees)
                    .connect().join();
            bob.sendText("said before py came").join();
            try (PythonProcess py = PythonProcess.run(script, "127.0.0.1", String.valueOf(relay.port()), "py",
                    "lobby")) {
                await().atMost(WAIT).until(() -> bob.participants().contains("py"));
                await().atMost(WAIT).until(() -> py.output().contains("bob: said before py came"));
                long helloId = bob.sendText("hello").join().messageId();
                await().atMost(WAIT).until(() -> bobSees.bodies().contains("echo: hello"));
                // Anything py answered to the history would have come before this echo.
                assertThat(bobSees.bodies()).as("history is not echoed").containsExactly("echo: hello");
                TextMessage echo = bobSees.texts.get(0);
                assertThat(echo.sender()).isEqualTo("py");
                assertThat(echo.messageId()).as("py's own id, not one derived from bob's")
                        .isNotEqualTo(helloId + 1).isNotEqualTo(helloId);

                bob.sendText("echo: an echo is not echoed").join();
                bob.sendText("last").join();
                await().atMost(WAIT).until(() -> bobSees.bodies().contains("echo: last"));
                assertThat(bobSees.bodies()).containsExactly("echo: hello", "echo: last");

                bob.close();
                relay.close();
                assertThat(py.waitFor(WAIT)).as("ends when the relay closes").isTrue();
                assertThat(py.exitValue()).as(py.output()).isZero();
                assertThat(py.output()).doesNotContain("Traceback");
            }
        } finally {
            relay.close();
        }
    }

    /** The code block under "A minimal client in Python" in PROTOCOL.md. */
    private static String sample() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("PROTOCOL.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("PROTOCOL.md above the working directory").isNotNull();
        String doc = Files.readString(dir.resolve("PROTOCOL.md"));
        Matcher m = Pattern.compile("## A minimal client in Python.*?```python\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as("the sample's code block").isTrue();
        return m.group(1);
    }
}
