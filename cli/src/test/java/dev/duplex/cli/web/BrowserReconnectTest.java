package dev.duplex.cli.web;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.web.WebOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay restarts under a browser member: the page says the connection is lost, keeps what is
 * typed meanwhile in its outbox, reconnects by itself, resumes the room's history without showing
 * anything twice, and resends the waiting message with its id (so it is stored and shown once).
 */
@Timeout(120)
class BrowserReconnectTest {
    @RegisterExtension
    static final Chromium CHROMIUM = new Chromium();

    private static RelayServer relay(Path history, int port, int webPort) {
        return RelayServer.builder().bindHost("127.0.0.1").port(port).historyFile(history)
                .web(WebOptions.onPort(webPort)).build().start();
    }

    @Test
    void aRestartedRelayIsRejoinedWithResumeAndTheOutboxIsSentOnce(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history.db");
        RelayServer first = relay(history, 0, 0);
        int port = first.port();
        int webPort = first.webPort();
        RelayServer second = null;
        try (TerminalHarness bob = TerminalHarness.start(new ChatTarget.Relay("127.0.0.1", port, "bob", "lobby"));
             DuplexPage alice = CHROMIUM.open("http://127.0.0.1:" + webPort + "/")) {
            alice.joinAndWait("alice", "lobby");
            bob.awaitLine(TIME + "\\* alice joined");
            bob.send("before the restart");
            alice.messageRow("before the restart");

            first.close();
            alice.page.locator(".status.warn").waitFor();
            assertThat(alice.status()).startsWith("The relay is shutting down. Reconnecting in");
            alice.send("typed while the relay was down");
            Locator waiting = alice.messageRow("typed while the relay was down");
            assertThat(waiting.locator(".state").textContent()).isEqualTo("sending…");
            alice.screenshot("browser-reconnecting");

            second = relay(history, port, webPort);
            alice.page.waitForCondition(() -> waiting.locator(".state").textContent().equals("✓ sent"));
            assertThat(alice.status()).isEqualTo("Connected as alice in room lobby.");
            bob.awaitLine(TIME + Pattern.quote("alice: typed while the relay was down"));
            bob.awaitLine(TIME + "\\* alice joined");
            bob.send("after the restart");
            alice.messageRow("after the restart");

            assertThat(alice.messages()).containsExactly("bob: before the restart",
                    "alice: typed while the relay was down", "bob: after the restart");
            RelayServer running = second;
            await().atMost(Duration.ofSeconds(10)).until(() -> running.history().messages("lobby").size() == 3);
            assertThat(running.history().messages("lobby")).extracting(m -> m.sender() + ": " + m.body())
                    .containsExactly("bob: before the restart", "alice: typed while the relay was down",
                            "bob: after the restart");
            assertThat(bob.linesMatching(TIME + Pattern.quote("alice: typed while the relay was down"))).hasSize(1);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
