package dev.duplex.video.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.Arrays;

/**
 * Opus decoding of one remote voice with Concentus, and its two ways of hiding a lost packet:
 * {@link #recover} rebuilds it from the forward error correction carried in the next packet, and
 * {@link #conceal} lets the decoder extrapolate (packet-loss concealment) when there is nothing
 * to rebuild from. One per sender (the decoder keeps state between packets); used by one thread.
 */
public final class VoiceDecoder {
    private final OpusDecoder decoder;

    public VoiceDecoder() {
        try {
            decoder = new OpusDecoder(Pcm.SAMPLE_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus decoder: " + e.getMessage(), e);
        }
    }

    /** Decodes a packet into {@code out}; a packet Opus cannot read is concealed instead (returns false). */
    public boolean decode(byte[] packet, short[] out) {
        try {
            fill(decoder.decode(packet, 0, packet.length, out, 0, Pcm.FRAME_SAMPLES, false), out);
            return true;
        } catch (OpusException | RuntimeException e) {
            conceal(out);
            return false;
        }
    }

    /** Rebuilds the frame before {@code nextPacket} from its FEC data (or conceals it when there is none). */
    public void recover(byte[] nextPacket, short[] out) {
        try {
            fill(decoder.decode(nextPacket, 0, nextPacket.length, out, 0, Pcm.FRAME_SAMPLES, true), out);
        } catch (OpusException | RuntimeException e) {
            conceal(out);
        }
    }

    /** Fills {@code out} with the decoder's guess of a lost frame. */
    public void conceal(short[] out) {
        try {
            fill(decoder.decode(null, 0, 0, out, 0, Pcm.FRAME_SAMPLES, false), out);
        } catch (OpusException | RuntimeException e) {
            Arrays.fill(out, (short) 0);
        }
    }

    /** A frame shorter than 20 ms (a sender with other settings) is padded with silence. */
    private static void fill(int samples, short[] out) {
        if (samples < out.length) {
            Arrays.fill(out, Math.max(0, samples), out.length, (short) 0);
        }
    }
}
