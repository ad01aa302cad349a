package dev.duplex.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * One JPEG-compressed video frame.
 * <pre>
 * u64 sequence | u64 captureTimeMicros | u16 width | u16 height | str8 sender | JPEG bytes (rest)
 * </pre>
 * A class rather than a record because it owns a reference-counted {@link ByteBuf}: whoever holds a
 * {@code VideoFrame} releases it once (writing it to a channel hands that duty to the write).
 */
public final class VideoFrame extends DefaultByteBufHolder implements Frame {
    private final long sequence;
    private final long captureTimeMicros;
    private final int width;
    private final int height;
    private final String sender;

    public VideoFrame(long sequence, long captureTimeMicros, int width, int height, String sender, ByteBuf jpeg) {
        super(jpeg);
        if (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF) {
            throw new IllegalArgumentException("size: " + width + "x" + height + " (expected: 0..65535 each)");
        }
        this.sequence = sequence;
        this.captureTimeMicros = captureTimeMicros;
        this.width = width;
        this.height = height;
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The payload length of a VIDEO from {@code sender} with {@code jpegBytes} of JPEG. */
    public static int payloadLength(String sender, int jpegBytes) {
        return FrameType.VIDEO.minPayloadLength() + Wire.utf8Length(sender) + jpegBytes;
    }

    @Override
    public FrameType type() {
        return FrameType.VIDEO;
    }

    public long sequence() {
        return sequence;
    }

    public long captureTimeMicros() {
        return captureTimeMicros;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Who sent it; one latest-frame slot exists per sender at every hop. */
    public String sender() {
        return sender;
    }

    /** The JPEG bytes (the holder's content). */
    public ByteBuf jpeg() {
        return content();
    }

    /** The same frame with another sender and capture time, sharing (and retaining) the JPEG bytes. */
    public VideoFrame retainedWith(String newSender, long newCaptureTimeMicros) {
        return new VideoFrame(sequence, newCaptureTimeMicros, width, height, newSender, content().retainedSlice());
    }

    @Override
    public VideoFrame replace(ByteBuf content) {
        return new VideoFrame(sequence, captureTimeMicros, width, height, sender, content);
    }

    @Override
    public VideoFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public VideoFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "VideoFrame[seq=" + sequence + ", " + width + "x" + height + ", sender=" + sender
                + ", jpeg=" + (refCnt() > 0 ? content().readableBytes() + "B" : "released") + "]";
    }
}
