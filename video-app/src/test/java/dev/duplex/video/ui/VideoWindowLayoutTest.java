package dev.duplex.video.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static dev.duplex.video.ui.VideoUiSupport.bounds;
import static dev.duplex.video.ui.VideoUiSupport.onEdt;
import static org.awaitility.Awaitility.await;

import com.formdev.flatlaf.FlatLaf;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.VideoThreads;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JRootPane;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The video window at 640x480 and 1600x1000, in a 1:1 call and in a room of three, and when a call
 * cannot start: nothing covers a picture or a name, and the window says what happens. Screenshots go
 * to {@code target/screenshots/video-<case>-<size>.png}.
 */
class VideoWindowLayoutTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<Dimension> SIZES = List.of(new Dimension(640, 480), new Dimension(1600, 1000));

    @BeforeEach
    void needsADisplay() {
        assumeThat(GraphicsEnvironment.isHeadless()).as("needs a display: run under xvfb-run").isFalse();
    }

    @Test
    void aOneToOneCallFitsAtBothSizes() throws Exception {
        VideoCall bob = VideoCall.builder(VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob").build())
                .source(new SyntheticSource(640, 480, 15, "bob")).display(new RecordingDisplay(10)).start();
        VideoWindow window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                .nickname("지민").source(SourceSpec.synthetic()).fps(15).build());
        try {
            assertThat(onEdt(() -> UIManager.getLookAndFeel() instanceof FlatLaf)).as("the same look as the chat")
                    .isTrue();
            await().atMost(WAIT).until(() -> window.remoteTiles() == 1 && window.call().stats().displayed.sum() >= 10);
            for (Dimension size : SIZES) {
                check(window, size, 1, "video-1to1-" + size.width + "x" + size.height + ".png");
            }
        } finally {
            window.close();
            bob.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void aRoomOfThreeFitsAtBothSizesAndSaysWhoLeft() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start()) {
            List<VideoCall> others = new ArrayList<>();
            for (String nick : List.of("bob", "carol")) {
                others.add(VideoCall.builder(VideoOptions.builder().relay("127.0.0.1", relay.port()).room("demo")
                        .nickname(nick).build()).source(new SyntheticSource(640, 480, 15, nick))
                        .display(new RecordingDisplay(10)).start());
            }
            VideoWindow window = VideoWindow.open(VideoOptions.builder().relay("127.0.0.1", relay.port()).room("demo")
                    .nickname("지민").source(SourceSpec.synthetic()).fps(15).build());
            try {
                await().atMost(WAIT).until(() -> window.remoteTiles() == 2 && window.call().stats().displayed.sum() >= 20);
                for (Dimension size : SIZES) {
                    check(window, size, 2, "video-room3-" + size.width + "x" + size.height + ".png");
                }
                others.get(1).close(); // carol leaves
                await().atMost(WAIT).until(() -> window.remoteTiles() == 1);
                await().atMost(WAIT).until(() -> onEdt(window::statusText).equals("carol left."));
                assertThat(names(window)).containsExactly("remote:bob");
            } finally {
                window.close();
                others.forEach(VideoCall::close);
            }
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void aCallThatCannotStartIsExplainedInTheWindow() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
        VideoWindow window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", closedPort).nickname("alice")
                .source(SourceSpec.synthetic()).build(), console::add);
        try {
            assertThat(onEdt(() -> window.frame().isShowing())).as("the window is there at once").isTrue();
            assertThat(window.started()).failsWithin(WAIT);
            await().atMost(WAIT).until(() -> onEdt(window::statusText).contains("Cannot reach 127.0.0.1:" + closedPort));
            assertThat(console).as("told once on the console too").filteredOn(l -> l.contains("Cannot reach"))
                    .hasSize(1);
            onEdt(() -> {
                window.frame().setSize(640, 480);
                window.frame().validate();
                return null;
            });
            Files.createDirectories(SCREENSHOTS);
            ImageIO.write(window.snapshot(), "png", SCREENSHOTS.resolve("video-cannot-start-640x480.png").toFile());
        } finally {
            window.close();
        }
        assertThat(window.closeFuture()).isDone();
    }

    /** Resizes, screenshots, and checks that the tiles, the preview and the stats do not overlap. */
    private static void check(VideoWindow window, Dimension size, int tiles, String screenshot) throws Exception {
        onEdt(() -> {
            window.frame().setSize(size);
            window.frame().validate();
            return null;
        });
        await().atMost(WAIT).until(() -> onEdt(() -> window.frame().getSize()).equals(size));
        long shown = window.call().stats().displayed.sum();
        await().atMost(WAIT).until(() -> window.call().stats().displayed.sum() > shown + 5 && window.statsLines().get(0)
                .startsWith("send"));
        BufferedImage shot = window.snapshot();
        Files.createDirectories(SCREENSHOTS);
        ImageIO.write(shot, "png", SCREENSHOTS.resolve(screenshot).toFile());
        List<Rectangle> remotes = new ArrayList<>();
        for (String name : names(window)) {
            remotes.add(bounds(window, name));
        }
        assertThat(remotes).hasSize(tiles);
        Rectangle preview = bounds(window, "preview");
        Rectangle stats = bounds(window, "stats");
        for (Rectangle r : remotes) {
            assertThat(r.intersects(preview)).as("the preview covers a remote picture at %s", size).isFalse();
            assertThat(r.intersects(stats)).as("the stats cover a remote picture at %s", size).isFalse();
            assertThat(r.width).isGreaterThan(size.width / 3);
        }
        assertThat(stats.intersects(preview)).isFalse();
        assertThat(window.statsLines().get(1).strip()).as("the status bar and the overlay agree")
                .isEqualTo(onEdt(window::qualityText));
    }

    private static List<String> names(VideoWindow window) throws Exception {
        return onEdt(() -> {
            List<String> found = new ArrayList<>();
            collect(window.frame().getRootPane(), found);
            return found;
        });
    }

    private static void collect(Container parent, List<String> found) {
        for (Component c : parent.getComponents()) {
            if (c.getName() != null && c.getName().startsWith("remote:") && c.isShowing()) {
                found.add(c.getName());
            }
            if (c instanceof Container inner) {
                collect(inner, found);
            }
        }
    }

}
