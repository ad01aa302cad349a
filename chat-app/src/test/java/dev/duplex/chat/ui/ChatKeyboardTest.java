package dev.duplex.chat.ui;

import static dev.duplex.chat.ui.SwingSupport.focus;
import static dev.duplex.chat.ui.SwingSupport.onEdt;
import static dev.duplex.chat.ui.SwingSupport.pressEnter;
import static dev.duplex.chat.ui.SwingSupport.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.FirstContact;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TrustDecision;
import java.awt.Component;
import java.awt.GraphicsEnvironment;
import java.awt.KeyboardFocusManager;
import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyboard as a person uses it: the message box grows, Tab moves on, Enter presses the focused button. */
class ChatKeyboardTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @BeforeEach
    void needsADisplay() {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display: run under xvfb-run");
    }

    @Test
    void theMessageBoxGrowsWithItsLinesThenScrolls() throws Exception {
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder().relay("127.0.0.1", 24100, "alice", "lobby")
                .autoConnect(false).location(0, 0).build());
        try {
            int empty = height(window);
            for (int line = 1; line <= 3; line++) {
                type(window.composer().input(), "line " + line);
                pressEnter(window.composer().input(), true);
            }
            await().atMost(WAIT).until(() -> height(window) > empty);
            int threeLines = height(window);
            assertThat(onEdt(() -> window.composer().scrollPane().getVerticalScrollBar().isShowing()))
                    .as("three lines fit without a scroll bar").isFalse();
            for (int line = 4; line <= 12; line++) {
                type(window.composer().input(), "line " + line);
                pressEnter(window.composer().input(), true);
            }
            await().atMost(WAIT).until(() -> onEdt(() -> window.composer().scrollPane().getVerticalScrollBar()
                    .isShowing()));
            int most = height(window);
            assertThat(most).as("grows, up to a bound").isGreaterThan(threeLines);
            int lineHeight = onEdt(() -> window.composer().input().getFontMetrics(window.composer().input().getFont())
                    .getHeight());
            assertThat(most).isLessThanOrEqualTo((ComposerPanel.MAX_VISIBLE_LINES + 2) * lineHeight);
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void tabMovesTheFocusOutOfTheMessageBoxInsteadOfTypingATab() throws Exception {
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder().relay("127.0.0.1", 24100, "alice", "lobby")
                .autoConnect(false).location(0, 0).build());
        try {
            assertThat(onEdt(() -> window.composer().input().getFocusTraversalKeys(
                    KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS))).extracting(Object::toString)
                    .anyMatch(k -> k.contains("TAB"));
            await().atMost(WAIT).until(() -> onEdt(() -> window.composer().input().isFocusOwner()));
            onEdt(() -> {
                // The whole keystroke, as a keyboard sends it: the focus manager swallows the typed tab
                // that follows a focus-moving press (and would swallow the next typed key if it never came).
                javax.swing.JTextArea input = window.composer().input();
                long now = System.currentTimeMillis();
                input.dispatchEvent(new KeyEvent(input, KeyEvent.KEY_PRESSED, now, 0, KeyEvent.VK_TAB, '\t'));
                input.dispatchEvent(new KeyEvent(input, KeyEvent.KEY_TYPED, now, 0, KeyEvent.VK_UNDEFINED, '\t'));
                input.dispatchEvent(new KeyEvent(input, KeyEvent.KEY_RELEASED, now, 0, KeyEvent.VK_TAB, '\t'));
                return null;
            });
            await().atMost(WAIT).until(() -> onEdt(() -> !window.composer().input().isFocusOwner()));
            assertThat(onEdt(() -> window.composer().input().getText())).doesNotContain("\t");
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterConnectingTheFocusIsInTheMessageBox() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start()) {
            ChatWindow window = ChatWindow.open(ChatWindowOptions.builder()
                    .relay("127.0.0.1", relay.port(), "alice", "lobby").autoConnect(false).location(0, 0).build());
            try {
                JButton connect = onEdt(() -> window.connectionPanel().actionButton());
                focus(connect, WAIT);
                onEdt(() -> {
                    connect.doClick();
                    return null;
                });
                await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Connected"));
                await().atMost(WAIT).until(() -> onEdt(() -> window.composer().input().isFocusOwner()));
            } finally {
                window.close();
                window.closeFuture().get(15, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void enterPressesTheFocusedButtonOfTheTrustQuestion() throws Exception {
        JFrame owner = onEdt(() -> {
            ChatTheme.install();
            JFrame f = new JFrame("owner");
            f.setSize(300, 200);
            f.setVisible(true);
            return f;
        });
        TrustDialog trust = onEdt(() -> new TrustDialog(owner));
        try {
            CompletionStage<TrustDecision> answer = trust.prompt().decide(
                    new FirstContact("127.0.0.1", 24100, Identity.generate().fingerprint()));
            await().atMost(WAIT).until(() -> onEdt(() -> trust.openDialog() != null && trust.openDialog().isShowing()));
            JDialog dialog = onEdt(trust::openDialog);
            JButton cancel = onEdt(() -> findButton(dialog, TrustDialog.CANCEL));
            focus(cancel, WAIT);
            assertThat(onEdt(() -> dialog.getRootPane().getDefaultButton())).as("the default follows the focus")
                    .isSameAs(cancel);
            onEdt(() -> {
                cancel.dispatchEvent(new KeyEvent(cancel, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0,
                        KeyEvent.VK_ENTER, '\n'));
                cancel.dispatchEvent(new KeyEvent(cancel, KeyEvent.KEY_RELEASED, System.currentTimeMillis(), 0,
                        KeyEvent.VK_ENTER, '\n'));
                return null;
            });
            assertThat(answer.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(TrustDecision.REJECT);
        } finally {
            onEdt(() -> {
                trust.dispose();
                owner.dispose();
                return null;
            });
        }
    }

    private static JButton findButton(Component root, String text) {
        if (root instanceof JButton b && text.equals(b.getText())) {
            return b;
        }
        if (root instanceof java.awt.Container c) {
            for (Component child : c.getComponents()) {
                JButton found = findButton(child, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static int height(ChatWindow window) throws Exception {
        return onEdt(() -> window.composer().scrollPane().getHeight());
    }
}
