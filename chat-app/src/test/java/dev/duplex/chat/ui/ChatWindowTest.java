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
import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.PythonProcess;
import java.awt.Dialog;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real window, on a real display (Xvfb in CI): typing, sending, receiving, states, errors. */
class ChatWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0, 0);

    @BeforeEach
    void needsADisplay() {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display: run under xvfb-run");
    }

    private static String conversation(ChatWindow window) throws Exception {
        return onEdt(() -> window.conversation().text());
    }

    private static void awaitConversation(ChatWindow window, String text) {
        await().atMost(WAIT).until(() -> conversation(window).contains(text));
    }

    @Test
    void overTlsTheWindowAsksAboutANewIdentityAndShowsTheRelaysFingerprint(@TempDir Path dir) throws Exception {
        Identity identity = Identity.loadOrCreate(dir);
        KnownHosts known = KnownHosts.inMemory();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0)
                .tls(TlsOptions.server(identity)).build().start()) {
            ChatWindow window = ChatWindow.open(ChatWindowOptions.builder()
                    .relay("127.0.0.1", relay.port(), "alice", "lobby").location(20, 20)
                    .security(ChatSecurity.tls().knownHosts(known)).build());
            try {
                await().atMost(WAIT).until(() -> onEdt(() -> window.trustDialog().openDialog() != null));
                JDialog dialog = onEdt(() -> window.trustDialog().openDialog());
                assertThat(onEdt(dialog::getTitle)).isEqualTo("New identity: " + identity.fingerprint());
                assertThat(onEdt(dialog::isModal)).isFalse();
                assertThat(onEdt(() -> window.statusBar().stateText())).isEqualTo("Connecting...");
                SwingSupport.screenshot(dialog, "chat-trust-dialog.png");
                onEdt(() -> {
                    ((JOptionPane) dialog.getContentPane().getComponent(0)).setValue(TrustDialog.TRUST);
                    return null;
                });
                await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Connected"));
                assertThat(onEdt(() -> window.statusBar().statusText())).isEqualTo("relay 127.0.0.1:"
                        + relay.port() + " · room lobby");
                String fingerprint = identity.fingerprint().toString();
                assertThat(onEdt(() -> window.statusBar().identityText())).as("shortened: the sentence needs the room")
                        .isEqualTo("TLS · relay " + fingerprint.substring(0, 13) + "…"
                                + fingerprint.substring(fingerprint.length() - 4))
                        .isEqualTo("TLS · relay " + identity.fingerprint().abbreviated());
                assertThat(conversation(window)).as("the whole fingerprint is in the conversation").contains(fingerprint);
                assertThat(known.lookup("127.0.0.1", relay.port())).contains(identity.fingerprint());
                SwingSupport.screenshot(window.frame(), "chat-window-tls.png");
            } finally {
                window.close();
            }
        }
    }

    @Test
    void typedMessageReachesTheRoomAndTheReplyShowsUp() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             TerminalHarness bob = TerminalHarness.start(new ChatTarget.Relay("127.0.0.1", relay.port(), "bob", "lobby"))) {
            bob.awaitLine(TIME + "\\* Connected to .*");
            ChatWindow window = ChatWindow.open(ChatWindowOptions.builder()
                    .relay("127.0.0.1", relay.port(), "지민", "lobby").location(20, 20).build());
            try {
                await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Connected"));
                await().atMost(WAIT).until(() -> onEdt(() -> window.participants().names()).contains("bob"));
                bob.awaitLine(TIME + "\\* 지민 joined");
                assertThat(onEdt(() -> window.frame().getTitle())).isEqualTo("duplex chat — 지민 in lobby");

                type(window.composer().input(), "안녕하세요, bob! 한글 잘 보여요 👋");
                pressEnter(window.composer().input(), false);

                bob.awaitLine(TIME + "지민: 안녕하세요, bob! 한글 잘 보여요 👋");
                awaitConversation(window, "✓ sent");
                assertThat(onEdt(() -> window.composer().input().getText())).isEmpty();

                type(window.composer().input(), "first line");
                pressEnter(window.composer().input(), true);
                type(window.composer().input(), "second line");
                pressEnter(window.composer().input(), false);
                bob.awaitLine(TIME + "지민: first line");
                bob.awaitLine(" {4}second line");

                bob.send("반가워요 지민 — welcome to duplex 🎉");
                awaitConversation(window, "반가워요 지민 — welcome to duplex ");
                assertThat(conversation(window)).as("the emoji, or its name where the font cannot draw it")
                        .containsAnyOf("welcome to duplex 🎉", "welcome to duplex [party popper]");
                try (TerminalHarness carol = TerminalHarness.start(
                        new ChatTarget.Relay("127.0.0.1", relay.port(), "carol", "lobby"))) {
                    awaitConversation(window, "carol joined");
                    carol.send("hi all, what did I miss?");
                    awaitConversation(window, "hi all, what did I miss?");
                    await().atMost(WAIT).until(() -> onEdt(() -> window.participants().names())
                            .containsAll(java.util.List.of("bob", "carol", "지민")));
                    await().atMost(WAIT).until(() -> !conversation(window).contains("sending…"));

                    Path png = SwingSupport.screenshot(window.frame(), "chat-window.png");
                    assertThat(Files.size(png)).isGreaterThan(10_000);
                }
                awaitConversation(window, "carol left");
            } finally {
                window.close();
                assertThat(window.closeFuture()).succeedsWithin(WAIT);
            }
            bob.awaitLine(TIME + "\\* 지민 left");
        }
    }

    @Test
    void errorsAndReconnectingShowInTheWindowWithoutBlockingTyping() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder().relay("127.0.0.1", port, "alice", "lobby")
                .reconnect(FAST).location(60, 60).build());
        RelayServer relay = null;
        try {
            awaitConversation(window, "Cannot reach 127.0.0.1:" + port + " — is the other side listening?");
            assertThat(onEdt(() -> window.statusBar().stateText())).isEqualTo("Offline");
            assertThat(onEdt(() -> window.connectionPanel().actionButton().getText())).isEqualTo("Connect");
            assertThat(Arrays.stream(Window.getWindows()).filter(w -> w instanceof Dialog && w.isShowing()))
                    .as("no modal dialog").isEmpty();
            assertThat(onEdt(() -> window.composer().input().isEditable())).isTrue();
            SwingSupport.screenshot(window.frame(), "chat-window-error.png");

            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).build().start();
            onEdt(() -> {
                window.connectionPanel().actionButton().doClick();
                return null;
            });
            await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Connected"));
            assertThat(onEdt(() -> window.connectionPanel().actionButton().getText())).isEqualTo("Disconnect");

            relay.close();
            await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Reconnecting..."));
            type(window.composer().input(), "typing while away");
            assertThat(onEdt(() -> window.composer().input().getText())).isEqualTo("typing while away");
            SwingSupport.screenshot(window.frame(), "chat-window-reconnecting.png");

            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).build().start();
            await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Connected"));
            awaitConversation(window, "Reconnected to 127.0.0.1:" + port + ".");
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
            if (relay != null) {
                relay.close();
            }
        }
    }

    @Test
    void directModeFromTheWindowListensAndAPeerConnects() throws Exception {
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder().listen("127.0.0.1", 0, "bob")
                .location(100, 100).build());
        try {
            await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Listening"));
            int port = window.controller().listeningAddress().getPort();
            awaitConversation(window, "Give the other person this address: 127.0.0.1:" + port);
            assertThat(onEdt(() -> window.connectionPanel().actionButton().getText())).isEqualTo("Stop");

            try (TerminalHarness alice = TerminalHarness.start(new ChatTarget.Direct("127.0.0.1", port, "alice"))) {
                awaitConversation(window, "alice joined");
                alice.send("hello from the terminal");
                awaitConversation(window, "hello from the terminal");
                type(window.composer().input(), "hello from the window");
                pressEnter(window.composer().input(), false);
                alice.awaitLine(TIME + "bob: hello from the window");
                assertThat(onEdt(() -> window.frame().getTitle())).isEqualTo("duplex chat — bob (direct)");
                assertThat(onEdt(() -> window.participants().names())).containsExactly("alice", "bob");
                await().atMost(WAIT).until(() -> conversation(window).contains("✓ sent"));
                SwingSupport.screenshot(window.frame(), "chat-window-direct.png");
            }
            awaitConversation(window, "alice left");
            assertThat(onEdt(() -> window.statusBar().stateText())).isEqualTo("Listening");
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void lectureFormatWindowChatsWithTheLecturesPythonClientAndDrawsEmoji() throws Exception {
        PythonProcess.assumeAvailable();
        ChatWindow window = ChatWindow.open(ChatWindowOptions.builder()
                .target(new ChatTarget.Listen("127.0.0.1", 0, "지민", WireFormat.LECTURE_CHAT)).location(140, 140).build());
        try {
            await().atMost(WAIT).until(() -> onEdt(() -> window.statusBar().stateText()).equals("Listening"));
            awaitConversation(window, "Lecture-compatible mode: no encryption, no names, no acknowledgements");
            assertThat(onEdt(() -> window.connectionPanel().lectureBox().isSelected())).isTrue();
            int port = window.controller().listeningAddress().getPort();
            try (PythonProcess client = PythonProcess.start("chat_client.py", "127.0.0.1", String.valueOf(port))) {
                awaitConversation(window, "127.0.0.1 joined");
                assertThat(onEdt(() -> window.participants().names())).contains("127.0.0.1");
                assertThat(onEdt(() -> window.frame().getTitle()))
                        .isEqualTo("duplex chat — 지민 (direct, lecture format: no encryption, no names)");

                client.stdin().write("안녕하세요 from the lecture's client 👋\n".getBytes(StandardCharsets.UTF_8));
                client.stdin().flush();
                awaitConversation(window, "안녕하세요 from the lecture's client 👋");

                type(window.composer().input(), "반가워요 🎉 (한글 OK)");
                pressEnter(window.composer().input(), false);
                await().atMost(WAIT).untilAsserted(() -> assertThat(client.output())
                        .as("the conversation: %s", conversation(window)).contains(">> 반가워요 🎉 (한글 OK)\n"));
                awaitConversation(window, "✓ sent");
                if (!GlyphFallback.installedEmojiFamilies().isEmpty()) {
                    assertThat(conversation(window)).doesNotContain("[waving hand sign]", "[party popper]");
                }
                Path png = SwingSupport.screenshot(window.frame(), "chat-window-lecture.png");
                assertThat(Files.size(png)).isGreaterThan(10_000);
            }
            awaitConversation(window, "127.0.0.1 left");
        } finally {
            window.close();
            window.closeFuture().get(15, TimeUnit.SECONDS);
        }
    }
}
