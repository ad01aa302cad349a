package dev.duplex.cli.web;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.web.WebOptions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person in Chromium and a person in the terminal chat share a room of a TLS relay: history, text
 * both ways with the page's "sending… / ✓ sent", presence, and what the page must never do with
 * someone else's text (run it as HTML).
 */
@Timeout(120)
class BrowserChatTest {
    private static final Identity IDENTITY = Identity.generate();
    @RegisterExtension
    static final Chromium CHROMIUM = new Chromium();
    private RelayServer relay;

    @BeforeEach
    void startRelay() {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(IDENTITY))
                .web(WebOptions.onPort(0)).build().start();
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    private String pageUrl() {
        return "https://127.0.0.1:" + relay.webPort() + "/";
    }

    private TerminalHarness terminal(String nickname) {
        return TerminalHarness.start(new ChatTarget.Relay("127.0.0.1", relay.port(), nickname, "lobby"),
                ChatSecurity.tls().pinned(IDENTITY.fingerprint()).knownHosts(KnownHosts.inMemory()));
    }

    @Test
    void aBrowserAndATerminalChatBothWaysWithHistory() throws Exception {
        try (TerminalHarness bob = terminal("bob")) {
            bob.awaitLine(TIME + "\\* Connected to .* as bob in room lobby\\..*");
            bob.send("hello from the terminal, 안녕");
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.history().messages("lobby").size() == 1);

            try (DuplexPage alice = CHROMIUM.open(pageUrl())) {
                assertThat(alice.page.textContent("#security")).contains(IDENTITY.fingerprint().toString())
                        .contains(IDENTITY.fingerprint().hex());
                alice.joinAndWait("alice", "lobby");
                assertThat(alice.status()).isEqualTo("Connected as alice in room lobby.");

                // The history, marked as such, then the mark where live messages begin.
                Locator replayed = alice.messageRow("hello from the terminal, 안녕");
                assertThat(replayed.getAttribute("class")).contains("replayed");
                alice.waitForVisible("#messages .divider");
                alice.page.waitForCondition(() -> alice.participants().size() == 2);
                assertThat(alice.participants()).containsExactly("bob", "alice (you)");
                bob.awaitLine(TIME + "\\* alice joined");

                alice.send("hi bob 👋 <b>not bold</b>");
                Locator mine = alice.messageRow("hi bob 👋 <b>not bold</b>");
                alice.page.waitForCondition(() -> mine.locator(".state").textContent().equals("✓ sent"));
                bob.awaitLine(TIME + Pattern.quote("alice: hi bob 👋 <b>not bold</b>"));

                String attack = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
                bob.send(attack);
                Locator theirs = alice.messageRow(attack);
                assertThat(theirs.locator(".sender").textContent()).isEqualTo("bob");
                assertThat(theirs.getAttribute("class")).doesNotContain("replayed");
                assertThat(alice.page.locator("#messages img, #messages script, #messages b").count())
                        .as("text from others is shown as text, never parsed as HTML").isZero();
                assertThat(alice.page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
                assertThat(alice.messages()).containsExactly("bob: hello from the terminal, 안녕",
                        "alice: hi bob 👋 <b>not bold</b>", "bob: " + attack);
                alice.screenshot("browser-chat");

                alice.page.click("#leave");
                bob.awaitLine(TIME + "\\* alice left");
            }
        }
    }

    @Test
    void aTakenNicknameSendsThePersonBackToTheFormWithTheReason() throws Exception {
        try (TerminalHarness bob = terminal("bob")) {
            bob.awaitLine(TIME + "\\* Connected to .* as bob in room lobby\\..*");
            try (DuplexPage page = CHROMIUM.open(pageUrl())) {
                page.join("BOB", "lobby");
                page.waitForVisible("#join-error");
                assertThat(page.page.textContent("#join-error"))
                        .isEqualTo("The nickname 'BOB' is already used in room 'lobby': choose another.");
                assertThat(page.page.isVisible("#join")).isTrue();
                assertThat(page.page.isHidden("#room-view")).isTrue();
                assertThat(page.status()).contains("already used");
                page.screenshot("browser-nickname-taken");

                page.joinAndWait("bobby", "lobby");
                bob.awaitLine(TIME + "\\* bobby joined");
            }
        }
    }
}
