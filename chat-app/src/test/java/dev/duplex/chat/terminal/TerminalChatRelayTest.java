package dev.duplex.chat.terminal;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.relay.RelayServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Three terminal-mode clients in one room of a real relay, driven through their stdin and stdout. */
class TerminalChatRelayTest {
    private static final int MESSAGES = 20;

    @Test
    void threeClientsSeeEachOthersMessagesInOrderAndWhoComesAndGoes() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             TerminalHarness alice = TerminalHarness.start(target(relay, "alice"))) {
            alice.awaitLine(TIME + "\\* Connected to 127\\.0\\.0\\.1:" + relay.port() + " as alice in room lobby\\.");
            try (TerminalHarness bob = TerminalHarness.start(target(relay, "bob"))) {
                alice.awaitLine(TIME + "\\* bob joined");
                bob.awaitLine(TIME + "\\* Also in lobby: alice\\.");
                try (TerminalHarness carol = TerminalHarness.start(target(relay, "carol"))) {
                    alice.awaitLine(TIME + "\\* carol joined");
                    bob.awaitLine(TIME + "\\* carol joined");
                    carol.awaitLine(TIME + "\\* Also in lobby: alice, bob\\.");

                    for (int i = 1; i <= MESSAGES; i++) {
                        alice.send("a" + i);
                        bob.send("b" + i + " 한글");
                        carol.send("c" + i);
                    }

                    awaitAll(alice, "bob", "carol");
                    awaitAll(bob, "alice", "carol");
                    awaitAll(carol, "alice", "bob");
                    assertThat(alice.linesMatching(TIME + "bob: .*")).extracting(l -> l.substring(11))
                            .isEqualTo(expected("bob: b", " 한글"));
                    assertThat(bob.linesMatching(TIME + "carol: .*")).extracting(l -> l.substring(11))
                            .isEqualTo(expected("carol: c", ""));
                    assertThat(carol.linesMatching(TIME + "alice: .*")).extracting(l -> l.substring(11))
                            .isEqualTo(expected("alice: a", ""));
                    assertThat(alice.linesMatching(TIME + "alice: .*")).as("own messages are not echoed").isEmpty();

                    carol.in.end();
                    assertThat(carol.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
                }
                alice.awaitLine(TIME + "\\* carol left");
                bob.awaitLine(TIME + "\\* carol left");
            }
            alice.awaitLine(TIME + "\\* bob left");
            assertThat(alice.err.text()).isEmpty();
            alice.in.end();
            assertThat(alice.exit()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
        }
    }

    private static ChatTarget target(RelayServer relay, String nickname) {
        return new ChatTarget.Relay("127.0.0.1", relay.port(), nickname, "lobby");
    }

    private static void awaitAll(TerminalHarness h, String... senders) {
        for (String sender : senders) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.linesMatching(TIME + sender + ": .*").size() == MESSAGES);
        }
    }

    private static List<String> expected(String prefix, String suffix) {
        return IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> prefix + i + suffix).toList();
    }
}
