package dev.duplex.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The bytes of a frame encoded once, tagged with what backpressure needs to know: its type and,
 * for video, the sender whose latest-frame slot it occupies. The relay writes one copy of it per
 * receiver (sharing the bytes: {@code WriteBatch}). A relay's run of several small frames to one
 * receiver ({@code LoopWriter}) is one holder of their bytes, tagged TEXT, with its count of frames.
 */
public final class EncodedFrame extends DefaultByteBufHolder {
    private final FrameType type;
    private final String videoSender;
    /**
     * The same buffer as the holder's: {@link #content()} returns it without the holder's check of its
     * reference count (a read of a count that the other copies of a fan-out change), made twice per
     * receiver otherwise. Duplicating or writing a released frame still fails in the buffer.
     */
    private final ByteBuf bytes;
    private final int frames;

    public EncodedFrame(FrameType type, String videoSender, ByteBuf bytes) {
        this(type, videoSender, bytes, 1);
    }

    private EncodedFrame(FrameType type, String videoSender, ByteBuf bytes, int frames) {
        super(bytes);
        this.type = type;
        this.videoSender = videoSender;
        this.bytes = bytes;
        this.frames = frames;
    }

    /** {@code frames} whole TEXT or PRESENCE frames, one after the other in {@code bytes}, written as one. */
    public static EncodedFrame run(ByteBuf bytes, int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames: " + frames + " (expected: at least 1)");
        }
        return new EncodedFrame(FrameType.TEXT, null, bytes, frames);
    }

    /** How many frames the bytes hold: 1, or more for a run. */
    public int frames() {
        return frames;
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

    @Override
    public ByteBuf content() {
        return bytes;
    }

    /** A new holder sharing these bytes, retained once. */
    @Override
    public EncodedFrame retainedDuplicate() {
        return new EncodedFrame(type, videoSender, bytes.retainedDuplicate(), frames);
    }

    @Override
    public EncodedFrame replace(ByteBuf content) {
        return new EncodedFrame(type, videoSender, content, frames);
    }
}
