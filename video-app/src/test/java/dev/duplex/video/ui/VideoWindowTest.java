package dev.duplex.video.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static dev.duplex.video.ui.VideoUiSupport.bounds;
import static dev.duplex.video.ui.VideoUiSupport.onEdt;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.PythonProcess;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.VideoThreads;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.JRootPane;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window on a real display (Xvfb in CI): two peers on loopback, both with the synthetic pattern. */
class VideoWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @BeforeEach
    void needsADisplay() {
        assumeThat(GraphicsEnvironment.isHeadless()).as("needs a display: run under xvfb-run").isFalse();
    }

    @Test
    void showsRemoteVideoLargeThePreviewSmallAndTheStats() throws Exception {
        RecordingDisplay bobSees = new RecordingDisplay(10);
        // bob keeps his size fixed: the overlay below must show 640x480, which a busy machine's
        // adaptation could keep lower for the whole wait.
        VideoCall bob = VideoCall.builder(VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob").adaptive(false)
                .build()).source(new SyntheticSource(640, 480, 30, "bob")).display(bobSees).start();
        VideoWindow window = null;
        try {
            window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                    .nickname("alice").source(SourceSpec.synthetic()).build());
            VideoWindow w = window;
            await().atMost(WAIT).until(() -> w.remoteTiles() == 1 && w.call().stats().displayed.sum() >= 30
                    && w.statsLines().get(0).startsWith("send") && bobSees.frames.size() >= 5);
            // Two more stats seconds, so the overlay shows rates of a call in full flow.
            long seconds = (long) w.call().stats().elapsedSeconds();
            await().atMost(WAIT).until(() -> w.call().stats().elapsedSeconds() > seconds + 2
                    && w.statsLines().get(2).contains("640x480"));

            BufferedImage shot = window.snapshot();
            Files.createDirectories(SCREENSHOTS);
            Path png = SCREENSHOTS.resolve("video-window.png");
            ImageIO.write(shot, "png", png.toFile());
            System.out.println("Screenshot: " + png.toAbsolutePath() + "\nStats overlay:\n  "
                    + String.join("\n  ", window.statsLines()));

            assertThat(shot.getWidth()).isGreaterThanOrEqualTo(800);
            Rectangle remote = bounds(window, "remote:bob");
            Rectangle preview = bounds(window, "preview");
            Rectangle stats = bounds(window, "stats");
            assertThat(remote.width * remote.height).isGreaterThan(8 * preview.width * preview.height);
            assertThat(remote.intersects(preview)).as("the preview covers no part of the remote video").isFalse();
            assertThat(remote.intersects(stats)).as("nor do the stats").isFalse();
            assertThat(preview.intersects(stats)).isFalse();
            assertThat(colours(shot, remote)).as("remote video has picture content").isGreaterThan(50);
            assertThat(colours(shot, preview)).as("the preview has picture content").isGreaterThan(50);
            int statsText = greenText(shot, stats);
            assertThat(statsText).as("the stats overlay is drawn").isGreaterThan(200);
            assertThat(window.statsLines()).anySatisfy(l -> assertThat(l).startsWith("latency p50"));

            window.showStats(false);
            assertThat(window.statsVisible()).isFalse();
            assertThat(greenText(window.snapshot(), stats)).isLessThan(statsText / 10);
        } finally {
            if (window != null) {
                window.close();
            }
            bob.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void keySTogglesTheStatsAndEscapeClosesTheCallWithBye() throws Exception {
        RecordingDisplay bobSees = new RecordingDisplay(10);
        VideoCall bob = VideoCall.builder(VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob").build())
                .source(new SyntheticSource(320, 240, 15, "bob")).display(bobSees).start();
        try {
            VideoWindow window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                    .nickname("alice").source(SourceSpec.synthetic()).size(320, 240).fps(15).build());
            await().atMost(WAIT).until(() -> bob.session() != null && bobSees.frames.size() >= 3);
            assertThat(window.statsVisible()).isTrue();

            press(window, KeyEvent.VK_S);
            assertThat(window.statsVisible()).isFalse();
            press(window, KeyEvent.VK_S);
            assertThat(window.statsVisible()).isTrue();

            press(window, KeyEvent.VK_ESCAPE);
            window.closeFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(window.call().isClosed()).isTrue();
            await().atMost(WAIT).until(() -> bobSees.statuses.contains("Your peer closed the connection."));
            assertThat(bob.session()).isNull();
        } finally {
            bob.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void overTlsTheWindowAsksAboutThePeersIdentityWithThePeersWordsAndShowsItsFingerprint() throws Exception {
        Identity bobsIdentity = Identity.generate();
        VideoCall bob = listeningOverTls(bobsIdentity);
        KnownHosts known = KnownHosts.inMemory();
        try {
            assertThat(bob.securityDescription()).isEqualTo("Encrypted (TLS). Your identity is "
                    + bobsIdentity.fingerprint() + ": the other person should see the same fingerprint.");
            VideoWindow window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                    .nickname("alice").source(SourceSpec.synthetic()).size(320, 240).fps(15)
                    .tls(TlsOptions.trustOnFirstUse(known)).build());
            try {
                JDialog question = await().atMost(WAIT).until(VideoWindowTest::trustQuestion, d -> d != null);
                assertThat(onEdt(question::getTitle)).isEqualTo("New identity: " + bobsIdentity.fingerprint());
                JOptionPane pane = onEdt(() -> (JOptionPane) question.getContentPane().getComponent(0));
                assertThat(onEdt(() -> String.valueOf(pane.getMessage())))
                        .contains(bobsIdentity.fingerprint().toString())
                        .contains("the other person's window or console").doesNotContain("relay");
                assertThat(window.started()).as("waits for the answer").isNotDone();
                onEdt(() -> {
                    pane.setValue(VideoWindow.TRUST);
                    return null;
                });
                assertThat(window.started()).succeedsWithin(WAIT);
                assertThat(window.securityText()).isEqualTo("TLS · peer " + bobsIdentity.fingerprint().abbreviated());
                assertThat(window.introduction()).contains("Encrypted (TLS); the peer's identity is "
                        + bobsIdentity.fingerprint() + ".");
                assertThat(bounds(window, "security").width).isPositive();
                assertThat(known.lookup("127.0.0.1", bob.listeningPort())).contains(bobsIdentity.fingerprint());
            } finally {
                window.close();
            }
        } finally {
            bob.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void aRefusedIdentityIsShownInTheWindowAndTheCallDoesNotStart() throws Exception {
        Identity bobsIdentity = Identity.generate();
        VideoCall bob = listeningOverTls(bobsIdentity);
        try {
            VideoWindow window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                    .nickname("alice").source(SourceSpec.synthetic()).size(320, 240).fps(15)
                    .tls(TlsOptions.trustOnFirstUse(KnownHosts.inMemory())).build());
            try {
                JDialog question = await().atMost(WAIT).until(VideoWindowTest::trustQuestion, d -> d != null);
                onEdt(() -> {
                    ((JOptionPane) question.getContentPane().getComponent(0)).setValue(VideoWindow.CANCEL);
                    return null;
                });
                assertThat(window.started()).failsWithin(WAIT);
                await().atMost(WAIT).until(() -> onEdt(() -> window.statusText()).startsWith("You did not trust"));
            } finally {
                window.close();
            }
        } finally {
            bob.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    /** Bob, listening over TLS with {@code identity}, sending a small test pattern. */
    private static VideoCall listeningOverTls(Identity identity) {
        return VideoCall.builder(VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob")
                        .tls(TlsOptions.server(identity)).build())
                .source(new SyntheticSource(320, 240, 15, "bob")).display(new RecordingDisplay(10)).start();
    }

    private static JDialog trustQuestion() throws Exception {
        return onEdt(() -> java.util.Arrays.stream(java.awt.Window.getWindows())
                .filter(w -> w instanceof JDialog d && d.isShowing() && d.getTitle().startsWith("New identity"))
                .map(w -> (JDialog) w).findFirst().orElse(null));
    }

    @Test
    void lectureFormatWindowShowsThePythonClientByItsAddressAndSaysWhatIsMissing() throws Exception {
        PythonProcess.assumeAvailable();
        VideoWindow window = VideoWindow.open(VideoOptions.builder().listen("127.0.0.1", 0).nickname("java")
                .wireFormat(WireFormat.LECTURE_VIDEO).source(SourceSpec.synthetic()).size(640, 480).build());
        try (PythonProcess client = PythonProcess.start("video_client.py", "127.0.0.1",
                String.valueOf(window.call().listeningPort()), "90", "25")) {
            assertThat(window.lectureNotice())
                    .isEqualTo("\u26a0 Lecture-compatible mode: no encryption, no names, no latency measurement, no sound.");
            assertThat(window.introduction())
                    .contains("Lecture-compatible mode: no encryption, no names, no latency measurement, no sound.");
            await().atMost(WAIT).until(() -> window.remoteTiles() == 1 && window.call().stats().displayed.sum() >= 20
                    && window.statsLines().get(2).contains("320x240"));
            assertThat(window.statsLines()).contains("latency n/a (lecture format: no capture times)", "RTT   n/a ms");

            BufferedImage shot = window.snapshot();
            Files.createDirectories(SCREENSHOTS);
            ImageIO.write(shot, "png", SCREENSHOTS.resolve("video-window-lecture.png").toFile());
            Rectangle remote = bounds(window, "remote:127.0.0.1");
            assertThat(colours(shot, remote)).as("the Python client's video has picture content").isGreaterThan(20);
            Rectangle notice = bounds(window, "lecture-notice");
            assertThat(notice.width).isPositive();

            assertThat(client.waitFor(WAIT)).isTrue();
            assertThat(client.output()).contains("received 90 frames (480, 640, 3)");
        } finally {
            window.close();
        }
        assertThat(window.call().summary().latency().count()).isZero();
        assertThat(VideoThreads.alive()).isEmpty();
    }

    private static void press(VideoWindow window, int key) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            JRootPane root = window.frame().getRootPane();
            Object name = root.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).get(KeyStroke.getKeyStroke(key, 0));
            root.getActionMap().get(name).actionPerformed(new ActionEvent(root, ActionEvent.ACTION_PERFORMED, ""));
        });
    }

    private static int colours(BufferedImage image, Rectangle area) {
        Set<Integer> seen = new HashSet<>();
        for (int y = area.y; y < area.y + area.height; y += 3) {
            for (int x = area.x; x < area.x + area.width; x += 3) {
                seen.add(image.getRGB(x, y) & 0xF0F0F0);
            }
        }
        return seen.size();
    }

    private static int greenText(BufferedImage image, Rectangle area) {
        int count = 0;
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                // The overlay's text colour is (120, 255, 120); the pattern's green bar is (0, 192, 0).
                if (g > 235 && r > 80 && r < 180 && b > 80 && b < 180) {
                    count++;
                }
            }
        }
        return count;
    }
}
