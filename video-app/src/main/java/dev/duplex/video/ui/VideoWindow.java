package dev.duplex.video.ui;

import dev.duplex.core.DuplexException;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.FrameSource;
import dev.duplex.video.source.SourceUnavailableException;
import dev.duplex.video.source.Sources;
import dev.duplex.video.stats.StatsSnapshot;
import java.awt.BorderLayout;
import java.awt.Color;
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
import javax.swing.JPanel;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video chat window: remote video large, the local preview small in a corner, a stats overlay
 * toggled with S or the checkbox; ESC or closing the window ends the call (camera released, BYE
 * sent). The EDT only paints the latest decoded images; decoding and conversion happen on the
 * call's threads, and repaints are coalesced.
 * <pre>{@code
 * VideoWindow window = VideoWindow.open(VideoOptions.builder()
 *         .relay("127.0.0.1", relay.port()).nickname("alice").room("demo")
 *         .source(SourceSpec.synthetic()).build());
 * window.closeFuture().join();   // or window.close()
 * }</pre>
 */
public final class VideoWindow implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VideoWindow.class);

    private final VideoCall call;
    private final SwingDisplay display;
    private final List<String> notices;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
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

    private VideoWindow(VideoCall call, SwingDisplay display, List<String> notices) {
        this.call = call;
        this.display = display;
        this.notices = notices;
    }

    /** Like {@link #open(VideoOptions, Consumer)}, with notices only logged and shown in the window. */
    public static VideoWindow open(VideoOptions options) {
        return open(options, notice -> log.info("{}", notice));
    }

    /**
     * Opens the source, connects (or starts listening) and shows the window. Blocks until connected,
     * so call it from any thread but the EDT.
     *
     * @param notice receives sentences for the person, such as the camera fallback notice
     * @throws SourceUnavailableException if an explicitly requested camera or file cannot be opened
     * @throws DuplexException            if it cannot connect or listen
     * @throws HeadlessException          if there is no display
     */
    public static VideoWindow open(VideoOptions options, Consumer<String> notice) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new HeadlessException("No display is available for the video window: use --headless.");
        }
        List<String> notices = new ArrayList<>();
        FrameSource source = Sources.open(options.source(), options.device(), options.width(), options.height(),
                options.fps(), options.nickname(), n -> {
                    notices.add(n);
                    notice.accept(n);
                });
        SwingDisplay display = new SwingDisplay(options.maxRemoteStreams());
        VideoCall call = VideoCall.builder(options).source(source).display(display).start();
        VideoWindow window = new VideoWindow(call, display, List.copyOf(notices));
        try {
            onEdt(window::build);
        } catch (RuntimeException e) {
            call.close();
            throw e;
        }
        return window;
    }

    private void build() {
        VideoOptions options = call.options();
        grid = new RemoteGrid(call.stats());
        preview = new PreviewTile(display.preview, "you (" + options.nickname() + ")");
        overlay = new StatsOverlay();
        VideoStage stage = new VideoStage(grid, preview, overlay);

        statsToggle = new JCheckBox("Stats (S)", true);
        statsToggle.setFocusable(false);
        statsToggle.addActionListener(e -> overlay.setVisible(statsToggle.isSelected()));
        statusLabel = new JLabel(initialStatus());
        qualityLabel = new JLabel(call.stats().settings().describe());
        JPanel bar = new JPanel(new BorderLayout(12, 0));
        bar.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        bar.add(statsToggle, BorderLayout.WEST);
        bar.add(statusLabel, BorderLayout.CENTER);
        bar.add(qualityLabel, BorderLayout.EAST);
        String security = call.securityDescription();
        if (!security.isEmpty()) {
            // The identity stays on screen so that the person can compare it with the relay's or peer's.
            securityLabel = new JLabel(security);
            securityLabel.setName("security");
            bar.add(securityLabel, BorderLayout.SOUTH);
        }
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
        frame.getContentPane().add(bar, BorderLayout.SOUTH);
        bindKey(frame.getRootPane(), KeyEvent.VK_ESCAPE, "close", this::close);
        bindKey(frame.getRootPane(), KeyEvent.VK_S, "toggle-stats", statsToggle::doClick);
        grid.placeholder(waitingText());
        frame.pack();
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        display.repaintWith(new RepaintCoalescer(this::refresh));
    }

    private static void bindKey(JComponent root, int key, String name, Runnable action) {
        root.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(key, 0), name);
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
        if (frame == null || !frame.isDisplayable()) {
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
        }
        String status = display.status.get();
        if (!status.isEmpty()) {
            statusLabel.setText(status);
        }
        qualityLabel.setText(call.stats().settings().describe());
    }

    private String initialStatus() {
        VideoOptions options = call.options();
        String source = "Sending the " + call.sourceDescription();
        return switch (options.mode()) {
            case LISTEN -> source + "; waiting for a peer on " + String.join(", ", call.addresses()) + ".";
            case CONNECT -> source + " to " + options.host() + ":" + options.port() + ".";
            case RELAY -> source + " to room " + options.room() + ".";
        };
    }

    private String waitingText() {
        VideoOptions options = call.options();
        StringBuilder text = new StringBuilder();
        if (options.lecture()) {
            text.append(VideoOptions.LECTURE_NOTICE).append('\n');
        }
        for (String notice : notices) {
            text.append(notice).append('\n');
        }
        switch (options.mode()) {
            case LISTEN -> text.append("Waiting for a peer.\nGive the other side one of:\n")
                    .append(String.join("\n", call.addresses()));
            case CONNECT -> text.append("Waiting for the peer's video...");
            case RELAY -> text.append("Waiting for someone else in room ").append(options.room()).append("...");
        }
        String status = display.status.get();
        if (!status.isEmpty()) {
            text.append("\n\n").append(status);
        }
        return text.toString();
    }

    /** What to tell the person on the console when the window opens (listen addresses and notices). */
    public List<String> introduction() {
        List<String> lines = new ArrayList<>();
        lines.add("Sending the " + call.sourceDescription() + " as " + call.options().nickname() + " ("
                + call.options().describeConnection() + ").");
        if (call.options().lecture()) {
            lines.add(VideoOptions.LECTURE_NOTICE);
        }
        String security = call.securityDescription();
        if (!security.isEmpty()) {
            lines.add(security);
        }
        if (call.options().mode() == VideoOptions.Mode.LISTEN) {
            lines.add("Waiting for a peer. Give the other side one of: " + String.join(", ", call.addresses()));
        }
        return lines;
    }

    /** The call behind the window (its stats, session, summary). */
    public VideoCall call() {
        return call;
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

    /** The encryption and identity line of the status bar (with the fingerprint), or empty in the lecture's format. */
    public String securityText() {
        return onEdt(() -> securityLabel == null ? "" : securityLabel.getText());
    }

    /** The lecture-compatible mode's notice shown under the video, or empty in the duplex format. */
    public String lectureNotice() {
        return onEdt(() -> lectureLabel == null ? "" : lectureLabel.getText());
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
        if (frame != null) {
            frame.dispose();
        }
    }

    private void closeCall() {
        try {
            call.close();
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
