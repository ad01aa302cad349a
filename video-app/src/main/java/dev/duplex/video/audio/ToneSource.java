package dev.duplex.video.audio;

/**
 * A steady sine tone, paced by the clock: the microphone of machines that have none, and of tests
 * (whose receivers check the frequency they hear).
 */
public final class ToneSource implements AudioSource {
    /** The tone {@code --audio-source tone} sends. */
    public static final int DEFAULT_HZ = 440;
    private static final double AMPLITUDE = 0.3 * Short.MAX_VALUE;

    private final double frequencyHz;
    private final FrameClock clock = new FrameClock(5);
    private double phase;
    private volatile boolean closed;

    public ToneSource(double frequencyHz) {
        if (!(frequencyHz > 0 && frequencyHz < Pcm.SAMPLE_RATE / 2.0)) {
            throw new IllegalArgumentException("tone frequency: " + frequencyHz + " Hz (expected: 0 < f < "
                    + Pcm.SAMPLE_RATE / 2 + ")");
        }
        this.frequencyHz = frequencyHz;
    }

    @Override
    public long read(short[] frame) throws InterruptedException {
        if (closed) {
            return END;
        }
        long captured = clock.awaitFrameEnd();
        double step = 2 * Math.PI * frequencyHz / Pcm.SAMPLE_RATE;
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(AMPLITUDE * Math.sin(phase));
            phase += step;
        }
        phase %= 2 * Math.PI; // bounded, so precision does not drift over a long call
        return closed ? END : captured;
    }

    @Override
    public String description() {
        return (frequencyHz == Math.rint(frequencyHz) ? String.valueOf((long) frequencyHz) : String.valueOf(frequencyHz))
                + " Hz tone";
    }

    @Override
    public void close() {
        closed = true;
    }
}
