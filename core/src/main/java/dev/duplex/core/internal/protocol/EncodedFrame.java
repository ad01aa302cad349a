package dev.duplex.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The bytes of a frame encoded once, tagged with what backpressure needs to know: its type and,
 * for video, the sender whose latest-frame slot it occupies. The relay writes one
 * {@code retainedDuplicate()} of it per receiver.
 */
public final class EncodedFrame extends DefaultByteBufHolder {
    private final FrameType type;
    private final String videoSender;

    public EncodedFrame(FrameType type, String videoSender, ByteBuf bytes) {
        super(bytes);
        this.type = type;
        this.videoSender = videoSender;
    }

    /** Encodes {@code frame} (which the caller keeps owning). */
    public static EncodedFrame of(Frame frame, ByteBufAllocator alloc) {
        String sender = frame instanceof VideoFrame v ? v.sender() : null;
        return new EncodedFrame(frame.type(), sender, FrameCodec.encode(frame, alloc));
    }

    public FrameType frameType() {
        return type;
    }

    /** The video sender for VIDEO, else {@code null}. */
    public String videoSender() {
        return videoSender;
    }

    /** A new holder sharing these bytes, retained once: one per receiver. */
    @Override
    public EncodedFrame retainedDuplicate() {
        return new EncodedFrame(type, videoSender, content().retainedDuplicate());
    }

    @Override
    public EncodedFrame replace(ByteBuf content) {
        return new EncodedFrame(type, videoSender, content);
    }
}
