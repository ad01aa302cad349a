package dev.duplex.video.audio;

/**
 * One remote participant's voice: its jitter buffer, its decoder (Opus keeps state between packets),
 * and what the window shows of it (its loudness) and the video needs (how far behind its sound is).
 */
public final class RemoteVoice {
    private final String sender;
    final JitterBuffer buffer;
    final VoiceDecoder decoder = new VoiceDecoder();
    private volatile float level;
    private volatile long playoutDelayMicros = -1;
    volatile long lastPacketNanos = System.nanoTime();

    RemoteVoice(String sender, int maxFrames) {
        this.sender = sender;
        this.buffer = new JitterBuffer(maxFrames);
    }

    public String sender() {
        return sender;
    }

    /** Loudness of what was played last, 0-1 (0 while silent). */
    public float level() {
        return level;
    }

    void level(float value) {
        level = value;
    }

    /**
     * Capture to ear of the last packet played, in microseconds, or -1 while the voice is silent:
     * the delay a picture of this sender must have to be shown in step with its sound.
     */
    public long playoutDelayMicros() {
        return buffer.playing() ? playoutDelayMicros : -1;
    }

    void playoutDelayMicros(long value) {
        playoutDelayMicros = value;
    }

    /** Milliseconds of voice waiting in its jitter buffer. */
    public int bufferedMillis() {
        return buffer.depthMillis();
    }
}
