package dev.duplex.chat.terminal;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.relay.RelayServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the terminal chat ends: it waits (bounded, saying so) for acknowledgements, and says what was not confirmed. */
class TerminalChatExitTest {

    @Test
    void endOfInputWithAnUnconfirmedMessageWaitsSaysSoAndExitsWithOne() throws Exception {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        try (TerminalHarness alice = TerminalHarness.start(
                new ChatTarget.Relay("127.0.0.1", relay.port(), "alice", "lobby"), Duration.ofMillis(500))) {
            alice.awaitLine(TIME + "\\* Connected to .*");
            relay.close();
            alice.awaitLine(TIME + "\\* Reconnecting to 127\\.0\\.0\\.1:" + relay.port() + "…");
            alice.send("is anyone there?");
            alice.awaitLine(TIME + "\\* Messages typed while reconnecting wait here .*");
            alice.in.end();

            assertThat(alice.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.err.text()
                    .contains("1 message was not confirmed: it may not have been delivered."));
            assertThat(alice.err.text()).contains("Waiting up to 500 ms for the acknowledgement of 1 message...");
        } finally {
            relay.close();
        }
    }

    @Test
    void endOfInputAfterConfirmedMessagesExitsWithZeroAndSaysNothingMore() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             TerminalHarness alice = TerminalHarness.start(
                     new ChatTarget.Relay("127.0.0.1", relay.port(), "alice", "lobby"))) {
            alice.awaitLine(TIME + "\\* Connected to .*");
            alice.send("hello");
            alice.in.end();
            assertThat(alice.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
            assertThat(alice.err.text()).doesNotContain("not confirmed");
        }
    }
}
