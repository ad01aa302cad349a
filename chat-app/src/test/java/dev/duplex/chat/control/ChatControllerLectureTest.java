package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.LinkState;
import dev.duplex.chat.model.SendState;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.PythonProcess;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller and model in the lecture's format, with the lecture's Python chat client on the
 * other side: the peer is its IP address, and a message is sent once written (there is no ACK).
 */
class ChatControllerLectureTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsPython() {
        PythonProcess.assumeAvailable();
    }

    private static List<String> bodies(ChatModel model, ChatEntry.Kind kind) {
        return model.snapshot().entries().stream().filter(e -> e.kind() == kind).map(ChatEntry::body).toList();
    }

    @Test
    void thePeerIsItsAddressAndMessagesAreSentOnceWritten() throws Exception {
        ChatModel model = new ChatModel();
        try (ChatController chat = new ChatController(model, Clock.systemUTC(), ReconnectPolicy.NEVER)) {
            chat.start(new ChatTarget.Listen("127.0.0.1", 0, "java", WireFormat.LECTURE_CHAT)).join();
            int port = chat.listeningAddress().getPort();
            assertThat(model.status().text()).endsWith("Lecture format: no encryption, no names.");
            assertThat(bodies(model, ChatEntry.Kind.NOTICE)).contains("Lecture-compatible mode: no encryption, "
                    + "no names, no acknowledgements (a message counts as sent once it is written).");

            try (PythonProcess client = PythonProcess.start("chat_client.py", "127.0.0.1", String.valueOf(port))) {
                await().atMost(WAIT).until(() -> model.snapshot().participants().contains("127.0.0.1"));
                assertThat(model.status().state()).isEqualTo(LinkState.CONNECTED);
                assertThat(model.status().text()).startsWith("Chatting with 127.0.0.1 at 127.0.0.1:")
                        .endsWith("Lecture format: no encryption, no names.");

                assertThat(chat.send("한글 message 👋")).isTrue();
                ChatEntry own = model.snapshot().entries().stream().filter(ChatEntry::own).findFirst().orElseThrow();
                await().atMost(WAIT).until(() -> model.entry(own.id()).orElseThrow().sendState() == SendState.SENT);
                await().atMost(WAIT).until(() -> client.output().contains(">> 한글 message 👋\n"));

                client.stdin().write("답장 from Python\n".getBytes(StandardCharsets.UTF_8));
                client.stdin().flush();
                await().atMost(WAIT).until(() -> bodies(model, ChatEntry.Kind.MESSAGE).contains("답장 from Python"));
                ChatEntry reply = model.snapshot().entries().stream().filter(e -> e.body().equals("답장 from Python"))
                        .findFirst().orElseThrow();
                assertThat(reply.sender()).isEqualTo("127.0.0.1");
                assertThat(reply.own()).isFalse();
            }
            await().atMost(WAIT).until(() -> bodies(model, ChatEntry.Kind.NOTICE).contains("127.0.0.1 left"));
            assertThat(model.status().state()).as("still listening for the next peer").isEqualTo(LinkState.LISTENING);
        }
    }
}
