package dev.duplex.video.audio;

/**
 * What the person controls about their voice and what they hear: mute, push-to-talk, the volume.
 * Written by the UI (EDT), read by the audio threads; every field stands alone, so volatile is enough.
 */
public final class AudioControls {
    /** The loudest volume setting: twice the received level. */
    public static final float MAX_VOLUME = 2f;

    private volatile boolean muted;
    private volatile boolean pushToTalk;
    private volatile boolean talkHeld;
    private volatile float volume = 1f;

    /** True if the voice goes out now: not muted and, in push-to-talk mode, the talk key held. */
    public boolean transmitting() {
        return !muted && (!pushToTalk || talkHeld);
    }

    public boolean muted() {
        return muted;
    }

    public void muted(boolean value) {
        muted = value;
    }

    /** Mutes if not muted and the other way round; returns the new state. */
    public boolean toggleMute() {
        muted = !muted;
        return muted;
    }

    public boolean pushToTalk() {
        return pushToTalk;
    }

    /** In push-to-talk mode the voice goes out only while {@link #talkHeld(boolean)} is true. */
    public void pushToTalk(boolean value) {
        pushToTalk = value;
        if (!value) {
            talkHeld = false;
        }
    }

    public void talkHeld(boolean value) {
        talkHeld = value;
    }

    /** Playback gain: 0 (silent) to {@link #MAX_VOLUME}; 1 plays voices as received. */
    public float volume() {
        return volume;
    }

    public void volume(float value) {
        if (!(value >= 0 && value <= MAX_VOLUME)) {
            throw new IllegalArgumentException("volume: " + value + " (expected: 0.." + MAX_VOLUME + ")");
        }
        volume = value;
    }
}
