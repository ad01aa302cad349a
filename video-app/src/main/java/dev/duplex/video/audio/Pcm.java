package dev.duplex.video.audio;

import javax.sound.sampled.AudioFormat;

/**
 * The one sound format of a call: 48 kHz, mono, 16-bit signed samples, in frames of 20 ms (960
 * samples), which is what each Opus packet carries.
 */
public final class Pcm {
    /** Samples per second. */
    public static final int SAMPLE_RATE = 48_000;
    /** Length of one frame (one Opus packet). */
    public static final int FRAME_MILLIS = 20;
    /** Samples in one frame. */
    public static final int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MILLIS / 1000;
    /** Bytes of one frame as 16-bit little-endian samples. */
    public static final int FRAME_BYTES = FRAME_SAMPLES * 2;
    /** Microseconds of one frame. */
    public static final long FRAME_MICROS = FRAME_MILLIS * 1000L;
    /** The Java Sound format of devices and WAV files: 48 kHz, 16-bit signed, mono, little-endian. */
    public static final AudioFormat FORMAT = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);

    private Pcm() {
    }

    /** A new empty frame. */
    public static short[] newFrame() {
        return new short[FRAME_SAMPLES];
    }

    /** Little-endian bytes of {@code samples} into {@code out} (at least twice as long). */
    public static void toBytes(short[] samples, byte[] out) {
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
    }

    /** Samples from little-endian bytes. */
    public static void fromBytes(byte[] bytes, short[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        }
    }

    /** Loudness of a frame, 0 (silence) to 1 (full scale), as its RMS. */
    public static float level(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return (float) Math.min(1, Math.sqrt(sum / samples.length) / Short.MAX_VALUE);
    }
}
