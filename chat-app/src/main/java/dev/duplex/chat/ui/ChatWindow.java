package dev.duplex.chat.ui;

import dev.duplex.chat.control.ChatController;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.control.ThisComputer;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.ChatSnapshot;
import dev.duplex.chat.model.LinkState;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat window: connection fields on top, the conversation with the participant list beside
 * it, the input below, and a status bar with the state and round-trip time. A thin view: every
 * action goes to a {@link ChatController}, and the window renders {@link ChatModel} snapshots on
 * the EDT. Open one with {@link #open(ChatWindowOptions)}; closing it says BYE and releases the
 * connection.
 */
public final class ChatWindow {
    private static final Logger log = LoggerFactory.getLogger(ChatWindow.class);

    /** The smallest the window may be made; everything still fits (tested at this size and 640x480). */
    static final int MIN_WIDTH = 480;
    static final int MIN_HEIGHT = 400;

    private final JFrame frame = new JFrame("duplex chat");
    private final ChatModel model;
    private final ChatController controller;
    private final ConnectionPanel connection;
    private final ConversationView conversation = new ConversationView();
    private final ParticipantsPanel participants = new ParticipantsPanel();
    private final ComposerPanel composer;
    private final StatusBar status = new StatusBar();
    private final TrustDialog trust = new TrustDialog(frame);
    private final EdtRefresher refresher = new EdtRefresher(this::render);
    private final Timer statsTimer;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private ChatTarget target;
    private boolean shutDown;
    private LinkState shownState = LinkState.OFFLINE;

    private ChatWindow(ChatWindowOptions options) {
        model = new ChatModel(options.maxMessages());
        controller = new ChatController(model, Clock.systemUTC(), options.reconnect())
                .security(options.security()).trustPrompt(trust.prompt());
        composer = new ComposerPanel(controller::send);
        connection = new ConnectionPanel(this::start, controller::disconnect, controller::reportError);
        target = options.target();
        connection.show(target);
        statsTimer = new Timer(1000, e -> controller.refreshStats());

        JSplitPane middle = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, conversation.component(),
                participants.component());
        middle.setResizeWeight(1);
        middle.setBorder(null);
        participants.component().setMinimumSize(new Dimension(110, 0));
        participants.component().setPreferredSize(new Dimension(170, 0));
        JPanel bottom = new JPanel(new BorderLayout());
        bottom.add(composer.component(), BorderLayout.CENTER);
        bottom.add(status.component(), BorderLayout.SOUTH);
        frame.getContentPane().add(connection.component(), BorderLayout.NORTH);
        frame.getContentPane().add(middle, BorderLayout.CENTER);
        frame.getContentPane().add(bottom, BorderLayout.SOUTH);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                shutDown();
            }
        });
        frame.setMinimumSize(new Dimension(MIN_WIDTH, MIN_HEIGHT));
        frame.setSize(960, 660);
        options.location().ifPresentOrElse(frame::setLocation, () -> frame.setLocationRelativeTo(null));

        model.addListener(refresher);
        render(model.snapshot());
        statsTimer.start();
        CompletableFuture.supplyAsync(ThisComputer::discover)
                .thenAccept(addresses -> SwingUtilities.invokeLater(() -> connection.showLocal(addresses)));
    }

    /**
     * Opens a chat window (from any thread; it is built on the EDT) and, if the options say so,
     * connects at once. Installs the FlatLaf look unless a FlatLaf theme is already in use.
     *
     * @throws HeadlessException if there is no display
     */
    public static ChatWindow open(ChatWindowOptions options) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new HeadlessException("No display is available for the chat window: use the terminal mode (--cli).");
        }
        if (SwingUtilities.isEventDispatchThread()) {
            return create(options);
        }
        AtomicReference<ChatWindow> window = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> window.set(create(options)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while opening the chat window", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot open the chat window: " + e.getCause().getMessage(), e.getCause());
        }
        return window.get();
    }

    private static ChatWindow create(ChatWindowOptions options) {
        ChatTheme.install();
        ChatWindow window = new ChatWindow(options);
        window.frame.setVisible(true);
        window.composer.input().requestFocusInWindow();
        if (options.autoConnect()) {
            window.start(options.target());
        }
        return window;
    }

    /** The model the window shows (thread-safe). */
    public ChatModel model() {
        return model;
    }

    /** The controller behind the window's buttons (thread-safe). */
    public ChatController controller() {
        return controller;
    }

    /** The Swing frame; touch it on the EDT only. */
    public JFrame frame() {
        return frame;
    }

    /** Completes once the window is closed and its connection released. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    /** Closes the window as its close box would (from any thread); see {@link #closeFuture()}. */
    public void close() {
        SwingUtilities.invokeLater(frame::dispose);
    }

    private void start(ChatTarget next) {
        target = next;
        controller.start(next).exceptionally(failure -> null); // The sentence is already in the model.
    }

    private void render(ChatSnapshot snapshot) {
        conversation.render(snapshot.entries());
        String where = target instanceof ChatTarget.Relay relay ? relay.room()
                : target.lecture() ? "Direct chat (lecture format)" : "Direct chat";
        participants.render(snapshot.participants(), snapshot.self(), where);
        status.render(snapshot.status());
        connection.render(snapshot.status());
        LinkState state = snapshot.status().state();
        // While reconnecting, what is typed waits in the session's outbox (not in the lecture's format).
        composer.setConnected(state == LinkState.CONNECTED || (state == LinkState.RECONNECTING && !target.lecture()));
        if (state == LinkState.CONNECTED && shownState != LinkState.CONNECTED && frame.isFocused()) {
            composer.input().requestFocusInWindow(); // after Connect, the next thing to do is type
        }
        shownState = state;
        String self = snapshot.self().isEmpty() ? target.nickname() : snapshot.self();
        frame.setTitle("duplex chat — " + self + (target instanceof ChatTarget.Relay relay ? " in " + relay.room()
                : target.lecture() ? " (direct, lecture format: no encryption, no names)" : " (direct)"));
    }

    private void shutDown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        trust.dispose();
        statsTimer.stop();
        model.removeListener(refresher);
        Thread closer = new Thread(() -> {
            try {
                controller.close();
            } catch (RuntimeException e) {
                log.warn("Closing the chat connection failed", e);
            } finally {
                closed.complete(null);
            }
        }, "chat-window-close");
        closer.setDaemon(true);
        closer.start();
    }

    // ---- for tests in this package ----

    ConversationView conversation() {
        return conversation;
    }

    ComposerPanel composer() {
        return composer;
    }

    ParticipantsPanel participants() {
        return participants;
    }

    StatusBar statusBar() {
        return status;
    }

    TrustDialog trustDialog() {
        return trust;
    }

    ConnectionPanel connectionPanel() {
        return connection;
    }
}
