package dev.duplex.video.ui;

import static dev.duplex.video.ui.VideoUiSupport.bounds;
import static dev.duplex.video.ui.VideoUiSupport.find;
import static dev.duplex.video.ui.VideoUiSupport.onEdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.video.VideoOptions;
import dev.duplex.video.audio.AudioControls;
import dev.duplex.video.audio.AudioOptions;
import dev.duplex.video.audio.AudioSinkSpec;
import dev.duplex.video.audio.AudioSourceSpec;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.VideoThreads;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComponent;
import javax.swing.JRootPane;
import javax.swing.JSlider;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window's voice controls on a real display (Xvfb in CI), in a call where both sides send a tone
 * (no sound devices needed): levels, mute (M and the button), push-to-talk (Space), volume, the
 * audio line of the stats, the hint. Screenshot: {@code target/screenshots/video-voice.png}.
 */
class VoiceWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeEach
    void needsADisplay() {
        assumeThat(GraphicsEnvironment.isHeadless()).as("needs a display: run under xvfb-run").isFalse();
    }

    private static AudioOptions tone(double hz) {
        return AudioOptions.of(AudioSourceSpec.tone(hz), AudioSinkSpec.none());
    }

    @Test
    void levelsMutePushToTalkVolumeAndTheAudioStatsWorkInTheWindow() throws Exception {
        VideoCall bob = VideoCall.builder(VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob")
                        .audio(tone(1000)).build())
                .source(new SyntheticSource(320, 240, 15, "bob")).display(new RecordingDisplay(10)).start();
        VideoWindow window = VideoWindow.open(VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                .nickname("alice").source(SourceSpec.synthetic()).size(320, 240).fps(15).audio(tone(440)).build());
        try {
            AudioControls controls = window.call().audio().orElseThrow().controls();
            await().atMost(WAIT).until(() -> window.remoteTiles() == 1 && window.remoteVoiceLevel("bob") > 0.05
                    && window.ownVoiceLevel() > 0.05);
            assertThat(window.voiceHint()).isEqualTo("Voice: 440 Hz tone \u2192 no sound output");
            await().atMost(WAIT).until(() -> window.statsLines().stream().anyMatch(l -> l.startsWith("audio p50")));

            Files.createDirectories(Path.of("target", "screenshots"));
            ImageIO.write(window.snapshot(), "png", Path.of("target", "screenshots", "video-voice.png").toFile());
            Rectangle voice = bounds(window, "voice");
            assertThat(voice.intersects(bounds(window, "remote:bob"))).as("the controls cover no picture").isFalse();

            // M mutes and unmutes; muted, nothing more is encoded.
            press(window, KeyStroke.getKeyStroke(KeyEvent.VK_M, 0));
            assertThat(window.muted()).isTrue();
            assertThat(onEdt(() -> ((AbstractButton) find(window.frame().getRootPane(), "mute")).getText()))
                    .isEqualTo("Unmute (M)");
            long encoded = window.call().audio().orElseThrow().stats().encoded.sum();
            long muted = window.call().audio().orElseThrow().stats().muted.sum();
            await().atMost(WAIT).until(() -> window.call().audio().orElseThrow().stats().muted.sum() > muted + 10);
            assertThat(window.call().audio().orElseThrow().stats().encoded.sum()).isLessThanOrEqualTo(encoded + 1);
            onEdt(() -> {
                ((AbstractButton) find(window.frame().getRootPane(), "mute")).doClick();
                return null;
            });
            assertThat(window.muted()).isFalse();

            // Push-to-talk: only while Space is held.
            onEdt(() -> {
                ((AbstractButton) find(window.frame().getRootPane(), "push-to-talk")).doClick();
                return null;
            });
            assertThat(controls.transmitting()).isFalse();
            press(window, KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0, false));
            assertThat(controls.transmitting()).isTrue();
            press(window, KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0, true));
            assertThat(controls.transmitting()).isFalse();

            onEdt(() -> {
                ((JSlider) find(window.frame().getRootPane(), "volume")).setValue(50);
                return null;
            });
            assertThat(controls.volume()).isEqualTo(0.5f);
        } finally {
            window.close();
            bob.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    private static void press(VideoWindow window, KeyStroke stroke) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            JRootPane root = window.frame().getRootPane();
            Object name = root.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).get(stroke);
            root.getActionMap().get(name).actionPerformed(new ActionEvent(root, ActionEvent.ACTION_PERFORMED, ""));
        });
    }
}
