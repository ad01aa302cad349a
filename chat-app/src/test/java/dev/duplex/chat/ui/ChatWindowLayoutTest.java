package dev.duplex.chat.ui;

import static dev.duplex.chat.testing.TerminalHarness.TIME;
import static dev.duplex.chat.ui.SwingSupport.onEdt;
import static dev.duplex.chat.ui.SwingSupport.pressEnter;
import static dev.duplex.chat.ui.SwingSupport.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.testing.TerminalHarness;
import dev.duplex.core.relay.RelayServer;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.swing.JComponent;
import javax.swing.JScrollBar;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window at the sizes people use, 640x480 and 1600x1000, relay and direct: nothing that matters
 * is cut off or scrolls sideways. Screenshots go to {@code target/screenshots/chat-<mode>-<size>.png}.
 */
class ChatWindowLayoutTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<Dimension> SIZES = List.of(new Dimension(640, 480), new Dimension(1600, 1000),
            new Dimension(ChatWindow.MIN_WIDTH, ChatWindow.MIN_HEIGHT));
    private static final String LONG = "A longer paragraph, so that the way it wraps can be seen: every line of it "
            + "starts at the same left edge, and the window never has to scroll sideways to show it all.";

    @BeforeEach
    void needsADisplay() {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display: run under xvfb-run");
    }

    @Test
    void aRelayRoomFitsAtEverySize() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             TerminalHarness bob = TerminalHarness.start(new ChatTarget.Relay("127.0.0.1", relay.port(), "bob", "lobby"));
             TerminalHarness carol = TerminalHarness.start(new ChatTarget.Relay("127.0.0.1", relay.port(), "carol",
                     "lobby"))) {
            bob.awaitLine(TIME + "\\* Connected to .*");
            carol.awaitLine(TIME + "\\* Connected to .*");
            ChatWindow window = ChatWindow.open(ChatWindowOptions.builder()
                    .relay("127.0.0.1", relay.port(), "지민", "lobby").location(0, 0).build());
            try {
                await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Connected"));
                bob.send("안녕하세요 지민! 👋");
                type(window.composer().input(), "반가워요 bob — 한글 잘 보여요");
                pressEnter(window.composer().input(), false);
                carol.send(LONG);
                await().atMost(WAIT).until(() -> onEdt(() -> window.conversation().text()).contains("every line of it"));
                await().atMost(WAIT).until(() -> onEdt(() -> window.conversation().text()).contains("✓ sent"));
                for (Dimension size : SIZES) {
                    checkFits(window, size, "chat-relay-" + size.width + "x" + size.height + ".png");
                }
            } finally {
                window.close();
                window.closeFuture().get(15, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDirectChatFitsAtEverySize() throws Exception {
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder().listen("127.0.0.1", 0, "bob")
                .location(0, 0).build());
        try {
            await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Listening"));
            int port = window.controller().listeningAddress().getPort();
            try (TerminalHarness alice = TerminalHarness.start(new ChatTarget.Direct("127.0.0.1", port, "alice"))) {
                await().atMost(WAIT).until(() -> onEdt(() -> window.conversation().text()).contains("alice joined"));
                alice.send("hi bob, it's alice 🙂");
                type(window.composer().input(), "hello alice! " + LONG);
                pressEnter(window.composer().input(), false);
                alice.awaitLine(TIME + "bob: hello alice!.*");
                await().atMost(WAIT).until(() -> onEdt(() -> window.conversation().text()).contains("✓ sent"));
                for (Dimension size : SIZES) {
                    checkFits(window, size, "chat-direct-" + size.width + "x" + size.height + ".png");
                }
            }
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void theConnectionFieldsFitBeforeConnecting() throws Exception {
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder().relay("127.0.0.1", 24100, "alice", "lobby")
                .autoConnect(false).location(0, 0).build());
        try {
            for (Dimension size : SIZES) {
                checkFits(window, size, "chat-offline-" + size.width + "x" + size.height + ".png");
            }
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
        }
    }

    /** Resizes, then checks that the controls are wholly inside the window and nothing scrolls sideways. */
    private static void checkFits(ChatWindow window, Dimension size, String screenshot) throws Exception {
        onEdt(() -> {
            window.frame().setSize(size);
            window.frame().validate();
            return null;
        });
        await().atMost(WAIT).until(() -> onEdt(() -> window.frame().getSize()).equals(size));
        for (int pass = 0; pass < 2; pass++) {
            onEdt(() -> {
                window.frame().validate(); // and whatever it asked for on the EDT meanwhile
                return null;
            });
        }
        SwingSupport.screenshot(window.frame(), screenshot);
        onEdt(() -> {
            JComponent root = window.frame().getRootPane();
            boolean running = window.model().status().active();
            List<JComponent> mustShow = new java.util.ArrayList<>(List.of(window.connectionPanel().actionButton(),
                    window.composer().sendButton(), window.composer().input(), window.statusBar().stateLabel(),
                    window.statusBar().textLabel()));
            mustShow.addAll(running ? List.of(window.connectionPanel().summaryLabel())
                    : List.of(window.connectionPanel().hostField(), window.connectionPanel().portField()));
            for (JComponent c : mustShow) {
                Rectangle r = SwingUtilities.convertRectangle(c.getParent(), c.getBounds(), root);
                assertThat(c.isShowing()).as("%s shows at %s", name(c), size).isTrue();
                assertThat(c.getVisibleRect().getSize()).as("%s is not cut off by its parents at %s", name(c), size)
                        .isEqualTo(c.getSize());
                assertThat(root.getBounds().contains(new Rectangle(0, r.y, 1, r.height)) && r.x >= 0
                        && r.x + r.width <= root.getWidth() && r.y + r.height <= root.getHeight())
                        .as("%s at %s lies within %s at %s", name(c), r, root.getSize(), size).isTrue();
            }
            if (!running) {
                assertThat(window.connectionPanel().hostField().getWidth())
                        .as("the host field keeps room for an address at %s", size)
                        .isGreaterThanOrEqualTo(window.connectionPanel().hostField().getPreferredSize().width);
            }
            assertThat(window.conversation().component().getHeight())
                    .as("the conversation keeps most of the height at %s", size)
                    .isGreaterThan(running ? size.height / 3 : size.height / 6);
            JScrollBar sideways = window.conversation().scrollPane().getHorizontalScrollBar();
            assertThat(sideways.isShowing()).as("the conversation scrolls sideways at %s", size).isFalse();
            return null;
        });
    }

    private static String name(Component c) {
        return c.getClass().getSimpleName() + (c.getName() == null ? "" : " " + c.getName());
    }
}
