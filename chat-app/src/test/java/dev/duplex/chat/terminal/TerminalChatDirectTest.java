package dev.duplex.chat.terminal;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Direct mode in the terminal: one side listens on an ephemeral port, the other connects. */
class TerminalChatDirectTest {

    @Test
    void listenerAndConnectorChatAndTheListenerWaitsForTheNextPeer() throws Exception {
        try (TerminalHarness bob = TerminalHarness.start(new ChatTarget.Listen("127.0.0.1", 0, "bob"))) {
            String port = bob.awaitLine(TIME + "\\* Listening on port (\\d+)\\. Give the other person this address: "
                    + "127\\.0\\.0\\.1:\\1\\.").group(1);

            try (TerminalHarness alice = TerminalHarness.start(new ChatTarget.Direct("127.0.0.1",
                    Integer.parseInt(port), "alice"))) {
                alice.awaitLine(TIME + "\\* bob joined \\(127\\.0\\.0\\.1:" + port + "\\)");
                bob.awaitLine(TIME + "\\* alice joined \\(127\\.0\\.0\\.1:\\d+\\)");

                alice.send("안녕 bob");
                bob.send("hi alice 👋");
                bob.awaitLine(TIME + "alice: 안녕 bob");
                alice.awaitLine(TIME + "bob: hi alice 👋");

                alice.in.end();
                assertThat(alice.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
            }
            bob.awaitLine(TIME + "\\* alice left");

            try (TerminalHarness carol = TerminalHarness.start(new ChatTarget.Direct("127.0.0.1",
                    Integer.parseInt(port), "carol"))) {
                bob.awaitLine(TIME + "\\* carol joined \\(.*\\)");
                carol.awaitLine(TIME + "\\* bob joined \\(.*\\)");

                bob.in.end();
                assertThat(bob.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
                carol.awaitLine(TIME + "\\* bob left");
                assertThat(carol.exit()).as("the connector ends when its peer leaves")
                        .succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
                assertThat(carol.err.text()).isEmpty();
            }
            assertThat(bob.err.text()).isEmpty();
        }
    }

    @Test
    void sendingBeforeAnyoneConnectedIsExplained() throws Exception {
        try (TerminalHarness bob = TerminalHarness.start(new ChatTarget.Listen("127.0.0.1", 0, "bob"))) {
            bob.awaitLine(TIME + "\\* Listening on port \\d+\\..*");
            bob.send("anyone?");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bob.err.text()
                    .contains("! No one is connected yet: the message was not sent."));
        }
    }
}
