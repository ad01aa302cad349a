package dev.duplex.video.ui;

import dev.duplex.core.DuplexException;
import dev.duplex.core.security.FirstContact;
import dev.duplex.core.security.TrustDecision;
import dev.duplex.core.session.HostPort;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.FrameSource;
import dev.duplex.video.source.SourceUnavailableException;
import dev.duplex.video.source.Sources;
import dev.duplex.video.stats.StatsSnapshot;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video chat window: remote video large, the local preview and the stats (toggled with S or the
 * checkbox) in a strip below it, so that nothing covers a picture or a name; under them the voice
 * controls ({@link VoiceBar}: mute with M, push-to-talk with Space, volume, your level; each remote
 * tile shows its sender's level); ESC or closing the window ends the call (camera released, BYE sent). The window shows at once and fills as the call
 * comes: the source and the connection start in the background, and if they fail the window says
 * why. Over TLS an identity met for the first time is asked about in the window. The EDT only
 * paints the latest decoded images; decoding and conversion happen on the call's threads, and
 * repaints are coalesced.
 * <pre>{@code
 * VideoWindow window = VideoWindow.open(VideoOptions.builder()
 *         .relay("127.0.0.1", relay.port()).nickname("alice").room("demo")
 *         .source(SourceSpec.synthetic()).build());
 * window.started().join();       // the call, once connected (or the failure)
 * window.closeFuture().join();   // or window.close()
 * }</pre>
 */
public final class VideoWindow implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VideoWindow.class);
    static final String TRUST = "Trust and remember";
    static final String ONCE = "This time only";
    static final String CANCEL = "Do not connect";

    private final VideoOptions options;
    private final SwingDisplay display;
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final CompletableFuture<VideoCall> started = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile VideoCall call;
    // EDT only, after build().
    private JFrame frame;
    private RemoteGrid grid;
    private PreviewTile preview;
    private StatsOverlay overlay;
    private JCheckBox statsToggle;
    private JLabel statusLabel;
    private JLabel securityLabel;
    private JLabel qualityLabel;
    private JLabel lectureLabel;
    private VoiceBar voiceBar;
    private String failure;

    private VideoWindow(VideoOptions options) {
        this.options = options;
        this.display = new SwingDisplay(options.maxRemoteStreams());
    }

    /** Like {@link #open(VideoOptions, Consumer)}, with notices only logged and shown in the window. */
    public static VideoWindow open(VideoOptions options) {
        return open(options, notice -> log.info("{}", notice));
    }

    /**
     * Shows the window at once, then opens the source and connects (or starts listening) in the
     * background; {@link #started()} completes with the call, or fails with a sentence that the window
     * also shows. Call it from any thread.
     *
     * @param notice receives sentences for the person, such as the camera fallback notice or why the
     *               call could not start
     * @throws HeadlessException if there is no display
     */
    public static VideoWindow open(VideoOptions options, Consumer<String> notice) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new HeadlessException("No display is available for the video window: use --headless.");
        }
        VideoWindow window = new VideoWindow(options);
        onEdt(() -> {
            VideoTheme.install();
            window.build();
        });
        Thread starter = new Thread(() -> window.start(notice), "duplex-video-start");
        starter.setDaemon(true);
        starter.start();
        return window;
    }

    /** On the starter thread: source, call, then the window learns about it (or about the failure). */
    private void start(Consumer<String> notice) {
        try {
            Consumer<String> told = n -> {
                notices.add(n);
                notice.accept(n);
                display.status(n);
            };
            FrameSource source = Sources.open(options.source(), options.device(), options.width(), options.height(),
                    options.fps(), options.nickname(), told);
            VideoCall c = VideoCall.builder(askingInTheWindow(options)).source(source).display(display).notices(told)
                    .start();
            call = c;
            onEdt(this::callStarted);
            started.complete(c);
        } catch (DuplexException | SourceUnavailableException | IllegalArgumentException | IllegalStateException e) {
            log.debug("The video call could not start", e);
            String sentence = e.getMessage();
            notice.accept(sentence);
            SwingUtilities.invokeLater(() -> showFailure(sentence));
            started.completeExceptionally(e);
        } catch (RuntimeException e) {
            log.warn("The video call could not start", e);
            String sentence = "The call could not start (" + e + "); the details are in the log.";
            notice.accept(sentence);
            SwingUtilities.invokeLater(() -> showFailure(sentence));
            started.completeExceptionally(e);
        }
    }

    /**
     * Options whose TLS asks the person in this window about an identity met for the first time (a
     * relay or a listening peer), like the chat window does; pinned and listening sides ask nothing.
     */
    private VideoOptions askingInTheWindow(VideoOptions given) {
        return given.tls().filter(tls -> given.mode() != VideoOptions.Mode.LISTEN && tls.pinnedFingerprint().isEmpty())
                .map(tls -> given.toBuilder().tls(tls.toBuilder().trustPrompt(this::askTrust).build()).build())
                .orElse(given);
    }

    /** The trust question: on the EDT, as a dialog over the window; the event loop does not wait for it. */
    private CompletableFuture<TrustDecision> askTrust(FirstContact contact) {
        CompletableFuture<TrustDecision> decision = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            if (frame == null || !frame.isDisplayable() || closing.get()) {
                decision.complete(TrustDecision.REJECT);
                return;
            }
            statusLabel.setText("Waiting for your answer about the " + contact.peerNoun() + "'s identity...");
            Object[] answers = {TRUST, ONCE, CANCEL};
            int chosen = JOptionPane.showOptionDialog(frame, contact.sentence() + "\nConnect, and remember this "
                    + "identity?", "New identity: " + contact.fingerprint(), JOptionPane.DEFAULT_OPTION,
                    JOptionPane.QUESTION_MESSAGE, null, answers, TRUST);
            decision.complete(chosen == 0 ? TrustDecision.TRUST_AND_REMEMBER
                    : chosen == 1 ? TrustDecision.TRUST_ONCE : TrustDecision.REJECT);
        });
        return decision;
    }

    private void build() {
        grid = new RemoteGrid(display::callStats, this::voiceLevel);
        voiceBar = new VoiceBar(grid::repaintTiles);
        preview = new PreviewTile(display.preview, "you (" + options.nickname() + ")");
        overlay = new StatsOverlay();
        VideoStage stage = new VideoStage(grid, preview, overlay);

        statsToggle = new JCheckBox("Stats (S)", true);
        statsToggle.setFocusable(false);
        statsToggle.addActionListener(e -> {
            overlay.setVisible(statsToggle.isSelected());
            stage.revalidate();
        });
        statusLabel = new JLabel(startingStatus());
        qualityLabel = new JLabel("");
        JPanel bar = new JPanel(new BorderLayout(12, 0));
        bar.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        bar.add(statsToggle, BorderLayout.WEST);
        bar.add(statusLabel, BorderLayout.CENTER);
        // The identity stays on screen so that the person can compare it with the relay's or peer's.
        securityLabel = new JLabel("");
        securityLabel.setName("security");
        JPanel right = new JPanel(new BorderLayout(12, 0));
        right.setOpaque(false);
        right.add(securityLabel, BorderLayout.WEST);
        right.add(qualityLabel, BorderLayout.EAST);
        bar.add(right, BorderLayout.EAST);
        if (options.lecture()) {
            // Stays on screen whatever the status says: the person should not forget it is plaintext.
            lectureLabel = new JLabel("\u26a0 " + VideoOptions.LECTURE_NOTICE);
            lectureLabel.setName("lecture-notice");
            lectureLabel.setForeground(new Color(0xb26a00));
            bar.add(lectureLabel, BorderLayout.NORTH);
        }

        frame = new JFrame("duplex video \u2014 " + options.nickname() + " (" + options.describeConnection() + ")");
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                close();
            }
        });
        frame.getContentPane().setBackground(Color.BLACK);
        frame.getContentPane().add(stage, BorderLayout.CENTER);
        JPanel south = new JPanel(new BorderLayout());
        south.add(voiceBar, BorderLayout.NORTH);
        south.add(bar, BorderLayout.SOUTH);
        frame.getContentPane().add(south, BorderLayout.SOUTH);
        bindKey(frame.getRootPane(), KeyEvent.VK_ESCAPE, "close", this::close);
        bindKey(frame.getRootPane(), KeyEvent.VK_S, "toggle-stats", statsToggle::doClick);
        bindKey(frame.getRootPane(), KeyStroke.getKeyStroke(KeyEvent.VK_M, 0), "mute", voiceBar::toggleMute);
        bindKey(frame.getRootPane(), KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0, false), "talk", () -> voiceBar.talk(true));
        bindKey(frame.getRootPane(), KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0, true), "stop-talking",
                () -> voiceBar.talk(false));
        grid.placeholder(waitingText());
        frame.setMinimumSize(new Dimension(MIN_WIDTH, MIN_HEIGHT));
        frame.pack();
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        display.repaintWith(new RepaintCoalescer(this::refresh));
    }

    /** The smallest the window may be made. */
    static final int MIN_WIDTH = 480;
    static final int MIN_HEIGHT = 360;

    /** EDT: the call runs; what depended on it can be shown now. */
    private void callStarted() {
        VideoCall c = call;
        statusLabel.setText(initialStatus(c));
        // Short in the status bar (the sentence beside it needs the room); whole in the tooltip and on the console.
        securityLabel.setText(c.securitySummary());
        securityLabel.setToolTipText(c.securityDescription().isEmpty() ? null : c.securityDescription());
        securityLabel.setVisible(!securityLabel.getText().isEmpty());
        qualityLabel.setText(c.stats().settings().describe());
        voiceBar.attach(c.audio());
        refresh();
    }

    /** A remote sender's voice loudness now (0-1), or -1 when it has no voice here. Any thread. */
    private double voiceLevel(String sender) {
        VideoCall c = call;
        return c == null ? -1 : c.audio().flatMap(a -> a.voices().get(sender)).map(v -> (double) v.level()).orElse(-1.0);
    }

    /** EDT: the call could not start; the window stays to say why until the person closes it. */
    private void showFailure(String sentence) {
        failure = sentence;
        if (frame == null || !frame.isDisplayable()) {
            return;
        }
        statusLabel.setText(sentence);
        statusLabel.setForeground(new Color(0xc62828));
        overlay.setVisible(false); // no call, no numbers
        statsToggle.setEnabled(false);
        grid.placeholder(sentence + "\n\nClose the window (or press Esc), then try again.");
    }

    private static void bindKey(JComponent root, int key, String name, Runnable action) {
        bindKey(root, KeyStroke.getKeyStroke(key, 0), name, action);
    }

    private static void bindKey(JComponent root, KeyStroke stroke, String name, Runnable action) {
        root.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(stroke, name);
        root.getActionMap().put(name, new AbstractAction() {
            private static final long serialVersionUID = 1L;

            @Override
            public void actionPerformed(ActionEvent e) {
                action.run();
            }
        });
    }

    /** One coalesced update on the EDT: reads the latest of everything. */
    private void refresh() {
        if (frame == null || !frame.isDisplayable() || failure != null) {
            return;
        }
        grid.update(display.feeds);
        if (grid.tileCount() == 0) {
            grid.placeholder(waitingText());
        }
        preview.repaint();
        StatsSnapshot snapshot = display.stats.get();
        if (snapshot != null) {
            overlay.show(snapshot);
            // The same numbers as the overlay: both show the second just measured.
            qualityLabel.setText(snapshot.settings().describe());
        }
        String status = display.status.get();
        if (!status.isEmpty()) {
            statusLabel.setText(status);
        }
    }

    private String startingStatus() {
        return switch (options.mode()) {
            case LISTEN -> "Starting: opening the picture source and port " + options.port() + "...";
            case CONNECT -> "Connecting to " + new HostPort(options.host(), options.port()) + "...";
            case RELAY -> "Connecting to the relay at " + new HostPort(options.host(), options.port()) + "...";
        };
    }

    private String initialStatus(VideoCall c) {
        String source = "Sending the " + c.sourceDescription();
        return switch (options.mode()) {
            case LISTEN -> source + "; waiting for a peer on " + String.join(", ", c.addresses()) + ".";
            case CONNECT -> source + " to " + new HostPort(options.host(), options.port()) + ".";
            case RELAY -> source + " to room " + options.room() + ".";
        };
    }

    private String waitingText() {
        StringBuilder text = new StringBuilder();
        if (options.lecture()) {
            text.append(VideoOptions.LECTURE_NOTICE).append('\n');
        }
        for (String notice : notices) {
            text.append(notice).append('\n');
        }
        VideoCall c = call;
        if (c == null) {
            text.append(startingStatus());
            return text.toString();
        }
        switch (options.mode()) {
            case LISTEN -> text.append("Waiting for a peer.\nGive the other side one of:\n")
                    .append(String.join("\n", c.addresses()));
            case CONNECT -> text.append("Waiting for the peer's video...");
            case RELAY -> text.append("Waiting for someone else in room ").append(options.room()).append("...");
        }
        String status = display.status.get();
        if (!status.isEmpty()) {
            text.append("\n\n").append(status);
        }
        return text.toString();
    }

    /**
     * What to tell the person on the console once the call runs (listen addresses and notices); waits
     * for the call to start.
     */
    public List<String> introduction() {
        VideoCall call = call();
        List<String> lines = new ArrayList<>();
        lines.add("Sending the " + call.sourceDescription() + " as " + call.options().nickname() + " ("
                + call.options().describeConnection() + ").");
        if (call.options().lecture()) {
            lines.add(VideoOptions.LECTURE_NOTICE);
        }
        call.audio().ifPresent(voice -> lines.add(voice.describe()));
        String security = call.securityDescription();
        if (!security.isEmpty()) {
            lines.add(security);
        }
        if (call.options().mode() == VideoOptions.Mode.LISTEN) {
            lines.add("Waiting for a peer. Give the other side one of: " + String.join(", ", call.addresses()));
        }
        return lines;
    }

    /** Completes with the call once it runs, or fails with the reason it could not start. */
    public CompletableFuture<VideoCall> started() {
        return started;
    }

    /**
     * The call behind the window (its stats, session, summary), waiting for it to start.
     *
     * @throws java.util.concurrent.CompletionException if it could not start
     */
    public VideoCall call() {
        return started.join();
    }

    /** Completes once the window is gone and the call is closed. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    /**
     * Waits until the window is closed by the person, or closes it after {@code max} (null: no
     * limit).
     */
    public void awaitClosed(Duration max) throws InterruptedException {
        try {
            if (max == null) {
                closed.get();
            } else {
                closed.get(max.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            close();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Closing the video window failed: " + e.getCause().getMessage(), e);
        }
    }

    /** True if the stats overlay is shown. */
    public boolean statsVisible() {
        return onEdt(() -> overlay.isVisible());
    }

    /** Shows or hides the stats overlay, as the S key does. */
    public void showStats(boolean visible) {
        onEdt(() -> {
            statsToggle.setSelected(visible);
            overlay.setVisible(visible);
        });
    }

    /** Lines in the stats overlay now. */
    public List<String> statsLines() {
        return onEdt(() -> overlay.lines());
    }

    /** The encryption and identity shown in the status bar (abbreviated), or empty in the lecture's format. */
    public String securityText() {
        call();
        return onEdt(() -> securityLabel.getText());
    }

    /** The compression shown in the status bar (EDT only, for tests in this package). */
    String qualityText() {
        return qualityLabel.getText();
    }

    /** The sentence in the status bar now (EDT only, for tests in this package). */
    String statusText() {
        return statusLabel.getText();
    }

    /** The lecture-compatible mode's notice shown under the video, or empty in the duplex format. */
    public String lectureNotice() {
        return onEdt(() -> lectureLabel == null ? "" : lectureLabel.getText());
    }

    /** True while your voice is muted (the M key, the button). */
    public boolean muted() {
        call();
        return onEdt(() -> call.audio().map(a -> a.controls().muted()).orElse(false));
    }

    /** The voice hint under the video: use headphones, no microphone, or voice off. */
    public String voiceHint() {
        call();
        return onEdt(() -> voiceBar.hintText());
    }

    /** The loudness your own meter shows now, 0-1. */
    public float ownVoiceLevel() {
        return onEdt(() -> voiceBar.ownLevel());
    }

    /** The loudness the tile of {@code sender} shows now, 0-1, or negative without a tile or voice. */
    public double remoteVoiceLevel(String sender) {
        return onEdt(() -> grid.voiceLevel(sender));
    }

    /** The voice bar, for tests in this package (EDT only). */
    VoiceBar voiceBar() {
        return voiceBar;
    }

    /** Number of remote videos shown. */
    public int remoteTiles() {
        return onEdt(() -> grid.tileCount());
    }

    /** The frame, for tests in this package (EDT only). */
    JFrame frame() {
        return frame;
    }

    /** Paints the window's content into an image (for screenshots and bug reports). */
    public BufferedImage snapshot() {
        return onEdt(() -> {
            JComponent root = frame.getRootPane();
            BufferedImage image = new BufferedImage(Math.max(1, root.getWidth()), Math.max(1, root.getHeight()),
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                root.paint(g);
            } finally {
                g.dispose();
            }
            return image;
        });
    }

    /** Closes the window and the call (BYE, camera released, threads joined). Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (!SwingUtilities.isEventDispatchThread()) {
                closed.join();
            }
            return;
        }
        if (SwingUtilities.isEventDispatchThread()) {
            disposeFrame();
            // Closing the call joins threads and waits for BYE: not on the EDT.
            Thread closer = new Thread(this::closeCall, "duplex-video-close");
            closer.start();
        } else {
            onEdt(this::disposeFrame);
            closeCall();
        }
    }

    private void disposeFrame() {
        if (voiceBar != null) {
            voiceBar.stop();
        }
        if (frame != null) {
            frame.dispose(); // an open trust question goes with it, answered "no"
        }
    }

    private void closeCall() {
        try {
            // A call still starting is closed as soon as it exists (connecting is bounded by its timeout).
            VideoCall c = started.handle((running, failed) -> running).join();
            if (c != null) {
                c.close();
            }
            closed.complete(null);
        } catch (RuntimeException e) {
            log.warn("Closing the call failed: {}", e.getMessage(), e);
            closed.completeExceptionally(e);
        }
    }

    private static void onEdt(Runnable action) {
        onEdt(() -> {
            action.run();
            return null;
        });
    }

    private static <T> T onEdt(Supplier<T> action) {
        if (SwingUtilities.isEventDispatchThread()) {
            return action.get();
        }
        List<T> result = new ArrayList<>(1);
        try {
            SwingUtilities.invokeAndWait(() -> result.add(action.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the UI thread.", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return result.get(0);
    }
}
