package dev.duplex.chat.terminal;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.relay.RelayServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Input typed on Windows ends its lines with CR LF, and a terminal may hand them over in pieces:
 * the CR, the LF and the bytes of one Hangul syllable can each arrive in a different read.
 */
class TerminalChatLineEndingsTest {
    @Test
    void crLfLinesArriveWithoutTheCarriageReturnAndNoEmptyMessageInBetween() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             TerminalHarness bob = TerminalHarness.start(target(relay, "bob"))) {
            bob.awaitLine(TIME + "\\* Connected to .*");
            try (TerminalHarness alice = TerminalHarness.start(target(relay, "alice"))) {
                alice.awaitLine(TIME + "\\* Also in lobby: bob\\.");
                alice.in.raw("hello\r\n".getBytes(StandardCharsets.UTF_8));
                byte[] korean = "안녕 세계\r\n".getBytes(StandardCharsets.UTF_8);
                alice.in.raw(Arrays.copyOfRange(korean, 0, 2));              // half of 안
                alice.in.raw(Arrays.copyOfRange(korean, 2, korean.length - 1)); // ... up to the CR
                alice.in.raw(Arrays.copyOfRange(korean, korean.length - 1, korean.length)); // the LF alone
                alice.in.raw("old Mac\rlast\r\n".getBytes(StandardCharsets.UTF_8));

                await().atMost(Duration.ofSeconds(10)).until(() -> bob.linesMatching(TIME + "alice: .*").size() >= 4);
                assertThat(bob.linesMatching(TIME + "alice: .*")).extracting(l -> l.substring(11))
                        .containsExactly("alice: hello", "alice: 안녕 세계", "alice: old Mac", "alice: last");
                alice.in.end();
                assertThat(alice.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
                assertThat(alice.err.text()).isEmpty();
            }
        }
    }

    private static ChatTarget target(RelayServer relay, String nickname) {
        return new ChatTarget.Relay("127.0.0.1", relay.port(), nickname, "lobby");
    }
}
