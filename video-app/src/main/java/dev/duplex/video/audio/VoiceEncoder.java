package dev.duplex.video.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.Arrays;

/**
 * Opus encoding of one voice (48 kHz mono, 20 ms a packet) with Concentus, the pure-Java port of
 * libopus: tuned for speech, with in-band forward error correction so that a receiver can rebuild a
 * lost packet from the next one. Used by one thread.
 */
public final class VoiceEncoder {
    /** Bits per second: clear wideband speech with room for the FEC copy. */
    public static final int DEFAULT_BITRATE = 32_000;
    /**
     * Encoder effort 0-10: the most, libopus's own default. In Concentus it measured only about a tenth
     * dearer than 5, about 2 % of a core per voice (BENCHMARKS.md, "Voice").
     */
    public static final int DEFAULT_COMPLEXITY = 10;
    /** The loss the encoder plans its FEC for, in percent. */
    public static final int EXPECTED_LOSS_PERCENT = 10;
    /** The largest Opus packet of one frame (RFC 6716). */
    public static final int MAX_PACKET_BYTES = 1275;

    private final OpusEncoder encoder;
    private final byte[] packet = new byte[MAX_PACKET_BYTES];

    public VoiceEncoder() {
        this(DEFAULT_BITRATE, DEFAULT_COMPLEXITY);
    }

    public VoiceEncoder(int bitrate, int complexity) {
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("bitrate: " + bitrate + " (expected: 6000..510000)");
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity: " + complexity + " (expected: 0..10)");
        }
        try {
            encoder = new OpusEncoder(Pcm.SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder: " + e.getMessage(), e);
        }
        encoder.setBitrate(bitrate);
        encoder.setComplexity(complexity);
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(EXPECTED_LOSS_PERCENT);
    }

    /** Encodes one frame of {@link Pcm#FRAME_SAMPLES} samples into a new packet. */
    public byte[] encode(short[] frame) {
        try {
            int n = encoder.encode(frame, 0, Pcm.FRAME_SAMPLES, packet, 0, packet.length);
            return Arrays.copyOf(packet, n);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus could not encode a frame: " + e.getMessage(), e);
        }
    }
}
