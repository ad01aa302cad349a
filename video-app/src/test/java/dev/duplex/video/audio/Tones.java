package dev.duplex.video.audio;

/** Measures which tone a stretch of samples carries (the Goertzel algorithm: the power at one frequency). */
public final class Tones {
    private Tones() {
    }

    /** The power of {@code hz} in {@code samples}, normalised by their length (full-scale sine: about 0.25). */
    public static double power(short[] samples, int from, int to, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / Pcm.SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s = samples[i] / (double) Short.MAX_VALUE + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        int n = to - from;
        return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / ((double) n * n);
    }

    public static double power(short[] samples, double hz) {
        return power(samples, 0, samples.length, hz);
    }

    /** The samples of {@code frames}, one after the other. */
    public static short[] join(java.util.List<short[]> frames) {
        short[] all = new short[frames.size() * Pcm.FRAME_SAMPLES];
        for (int i = 0; i < frames.size(); i++) {
            System.arraycopy(frames.get(i), 0, all, i * Pcm.FRAME_SAMPLES, Pcm.FRAME_SAMPLES);
        }
        return all;
    }
}
