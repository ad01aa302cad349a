package dev.duplex.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * One packet of voice: 20 ms of 48 kHz mono sound compressed with Opus.
 * <pre>
 * u64 sequence | u64 captureTimeMicros | str8 sender | Opus packet (rest)
 * </pre>
 * The sequence counts the sender's packets one by one, so a gap is a lost packet the receiver
 * conceals; the capture time (of the packet's first sample) lets the receiver measure mouth-to-ear
 * delay and keep video in step. Sent only to a side that advertised {@link Hello#CAP_AUDIO}. A
 * class rather than a record because it owns a reference-counted {@link ByteBuf}: whoever holds an
 * {@code AudioFrame} releases it once (writing it to a channel hands that duty to the write).
 */
public final class AudioFrame extends DefaultByteBufHolder implements Frame {
    private final long sequence;
    private final long captureTimeMicros;
    private final String sender;

    public AudioFrame(long sequence, long captureTimeMicros, String sender, ByteBuf opus) {
        super(opus);
        this.sequence = sequence;
        this.captureTimeMicros = captureTimeMicros;
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The payload length of an AUDIO from {@code sender} with {@code opusBytes} of Opus. */
    public static int payloadLength(String sender, int opusBytes) {
        return FrameType.AUDIO.minPayloadLength() + Wire.utf8Length(sender) + opusBytes;
    }

    @Override
    public FrameType type() {
        return FrameType.AUDIO;
    }

    public long sequence() {
        return sequence;
    }

    public long captureTimeMicros() {
        return captureTimeMicros;
    }

    /** Who spoke: filled in by the relay; in direct mode the receiver names the peer from the handshake. */
    public String sender() {
        return sender;
    }

    /** The Opus packet (the holder's content). */
    public ByteBuf opus() {
        return content();
    }

    /** The same packet with another sender and capture time, sharing (and retaining) the Opus bytes. */
    public AudioFrame retainedWith(String newSender, long newCaptureTimeMicros) {
        return new AudioFrame(sequence, newCaptureTimeMicros, newSender, content().retainedSlice());
    }

    @Override
    public AudioFrame replace(ByteBuf content) {
        return new AudioFrame(sequence, captureTimeMicros, sender, content);
    }

    @Override
    public AudioFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public AudioFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "AudioFrame[seq=" + sequence + ", t=" + captureTimeMicros + ", sender=" + sender
                + ", opus=" + (refCnt() > 0 ? content().readableBytes() + "B" : "released") + "]";
    }
}
