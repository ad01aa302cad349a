package dev.duplex.video.ui;

import dev.duplex.video.audio.AudioCall;
import dev.duplex.video.audio.AudioControls;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.Optional;
import java.util.function.Consumer;
import javax.swing.JCheckBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.JToggleButton;
import javax.swing.Timer;

/**
 * The voice controls under the video: mute (also the M key), push-to-talk (hold Space), the speaker
 * volume, your microphone's level, and a hint: use headphones (there is no echo canceller), or why
 * nobody hears you. A thin view over the call's {@link AudioControls}; EDT only. Its timer repaints
 * the meters ten times a second and tells the window to repaint the remote tiles' meters.
 */
final class VoiceBar extends JPanel {
    private static final long serialVersionUID = 1L;
    /** The short hint on screen; the whole sentence is its tooltip. */
    static final String HEADPHONES = "Use headphones";

    private final JToggleButton mute = new JToggleButton("Mute (M)");
    private final JCheckBox pushToTalk = new JCheckBox("Push to talk (Space)");
    private final JSlider volume = new JSlider(0, Math.round(AudioControls.MAX_VOLUME * 100), 100);
    private final LevelMeter own = new LevelMeter("own-level");
    private final JLabel hint = new JLabel("");
    private final Timer meters;
    private transient AudioCall voice;

    /** @param repaintRemotes repaints the remote tiles (their meters), ten times a second */
    VoiceBar(Runnable repaintRemotes) {
        super(new BorderLayout(8, 0));
        setName("voice");
        mute.setName("mute");
        mute.setFocusable(false);
        pushToTalk.setName("push-to-talk");
        pushToTalk.setFocusable(false);
        pushToTalk.setToolTipText("Your voice goes out only while you hold the Space bar");
        volume.setName("volume");
        volume.setFocusable(false);
        volume.setToolTipText("Volume of the others");
        volume.setPreferredSize(new Dimension(90, volume.getPreferredSize().height));
        hint.setName("voice-hint");
        JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 2));
        controls.setOpaque(false);
        controls.add(mute);
        controls.add(own);
        controls.add(pushToTalk);
        controls.add(new JLabel("Volume"));
        controls.add(volume);
        add(controls, BorderLayout.WEST);
        // What is left of the width; cut with "..." when narrow, whole in the tooltip.
        add(hint, BorderLayout.CENTER);
        setEnabledControls(false);
        mute.addActionListener(e -> apply(c -> c.muted(mute.isSelected())));
        pushToTalk.addActionListener(e -> apply(c -> c.pushToTalk(pushToTalk.isSelected())));
        volume.addChangeListener(e -> apply(c -> c.volume(volume.getValue() / 100f)));
        meters = new Timer(100, e -> {
            AudioCall v = voice;
            own.level(v == null ? 0 : v.stats().localLevel());
            repaintRemotes.run();
        });
    }

    /** The call started: its voice, or empty in a video-only call. */
    void attach(Optional<AudioCall> call) {
        voice = call.orElse(null);
        if (voice == null) {
            setHint("Voice off (video only)", null);
            return;
        }
        setEnabledControls(true);
        own.setEnabled(voice.sending());
        mute.setEnabled(voice.sending());
        pushToTalk.setEnabled(voice.sending());
        if (!voice.sending()) {
            setHint("No microphone: the others cannot hear you", null);
        } else if (voice.echoPossible()) {
            setHint(HEADPHONES, AudioCall.HEADPHONES_HINT);
        } else {
            setHint("Voice: " + voice.sourceDescription() + " \u2192 " + voice.sinkDescription(), null);
        }
        meters.start();
    }

    private void setHint(String text, String more) {
        hint.setText(text);
        hint.setToolTipText(more != null ? more : text);
    }

    private void setEnabledControls(boolean enabled) {
        mute.setEnabled(enabled);
        pushToTalk.setEnabled(enabled);
        volume.setEnabled(enabled);
    }

    /** The M key: mute or unmute, as the button. */
    void toggleMute() {
        if (mute.isEnabled()) {
            mute.doClick();
        }
    }

    /** The Space key held (true) or let go, in push-to-talk mode. */
    void talk(boolean held) {
        apply(c -> c.talkHeld(held));
    }

    private void apply(Consumer<AudioControls> change) {
        AudioCall v = voice;
        if (v != null) {
            change.accept(v.controls());
            mute.setText(v.controls().muted() ? "Unmute (M)" : "Mute (M)");
        }
    }

    /** Stops the meters' timer (the window is gone). */
    void stop() {
        meters.stop();
    }

    String hintText() {
        return hint.getText();
    }

    float ownLevel() {
        return own.level();
    }
}
