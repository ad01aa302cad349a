package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;

/**
 * Cuts the byte stream into whole frames and rejects a bad header before any payload is buffered.
 * <pre>
 * BEFORE DECODE                                AFTER DECODE (one frame, unchanged)
 * +------+------+-------------+---------+       +------+------+-------------+---------+
 * | D5   | 10   | 00 00 00 2A | payload | -----> | D5   | 10   | 00 00 00 2A | payload |
 * +------+------+-------------+---------+       +------+------+-------------+---------+
 *  magic  type   length (u32)   42 bytes
 * </pre>
 * As soon as the 6 header bytes are in, it checks the magic byte, the type, and the length against
 * the type's minimum and its {@link FrameLimits} maximum, throwing a {@link ProtocolException} that
 * names the problem. It never allocates what a length field claims. After a bad header the rest
 * of the stream cannot be framed, so every later byte is discarded (the connection is being closed).
 * <p>
 * A decoder made by {@link #skippingOversizedMedia} (a relay's, and a relay client's) treats a TEXT
 * or VIDEO over its limit, but not over {@link FrameLimits#ABSOLUTE_MAX_PAYLOAD}, differently: its
 * header is sound, so the frame is skipped as its bytes arrive, never buffered, a {@link Skipped}
 * event goes up the pipeline (for a TEXT once its message id is in), and the frames after it are
 * read as usual. So one message too large for one side does not cost the connection, and cannot
 * make the sender (whose unacknowledged text would be sent again) or a receiver reconnect forever.
 * Per-connection state: one instance per channel.
 */
public final class FrameLengthDecoder extends LengthFieldBasedFrameDecoder {
    /**
     * The user event for a TEXT or VIDEO skipped because it was over {@code limit}; {@code messageId}
     * is the TEXT's (0 for VIDEO).
     */
    public record Skipped(FrameType type, long payloadLength, int limit, long messageId) {
    }

    private static final Skipped NEED_MESSAGE_ID = new Skipped(FrameType.TEXT, 0, 0, 0);

    private final FrameLimits limits;
    private final boolean skipOversizedMedia;
    private boolean failed;
    /** Bytes of a skipped frame still to come. */
    private long discarding;

    public FrameLengthDecoder(FrameLimits limits) {
        this(limits, false);
    }

    private FrameLengthDecoder(FrameLimits limits, boolean skipOversizedMedia) {
        super(Wire.maxFrameLength(limits), Wire.LENGTH_FIELD_OFFSET, 4, 0, 0, true);
        this.limits = limits;
        this.skipOversizedMedia = skipOversizedMedia;
    }

    /** A decoder that skips a TEXT or VIDEO over its limit (reporting {@link Skipped}) instead of failing. */
    public static FrameLengthDecoder skippingOversizedMedia(FrameLimits limits) {
        return new FrameLengthDecoder(limits, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (discarding == 0 && skipOversizedMedia && in.readableBytes() >= Wire.HEADER_LENGTH) {
            Skipped oversized = oversizedMedia(in);
            if (oversized == NEED_MESSAGE_ID) {
                return null;
            }
            if (oversized != null) {
                discarding = Wire.HEADER_LENGTH + oversized.payloadLength();
                ctx.fireUserEventTriggered(oversized);
            }
        }
        if (discarding > 0) {
            int n = (int) Math.min(discarding, in.readableBytes());
            in.skipBytes(n);
            discarding -= n;
            return null;
        }
        try {
            return super.decode(ctx, in);
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /**
     * The frame at the reader index if it is a sound TEXT or VIDEO over its limit (but not over the
     * absolute maximum, which is garbage or an attack), {@link #NEED_MESSAGE_ID} if it is a TEXT whose
     * message id has not arrived yet, else null.
     */
    private Skipped oversizedMedia(ByteBuf in) {
        int at = in.readerIndex();
        FrameType type = FrameType.fromCode(in.getUnsignedByte(at + 1));
        if (in.getUnsignedByte(at) != Wire.MAGIC || type == null || type.category() == FrameType.Category.CONTROL) {
            return null;
        }
        long payload = in.getUnsignedInt(at + Wire.LENGTH_FIELD_OFFSET);
        int limit = type.maxPayload(limits);
        if (payload <= limit || payload > FrameLimits.ABSOLUTE_MAX_PAYLOAD) {
            return null;
        }
        if (type != FrameType.TEXT) {
            return new Skipped(type, payload, limit, 0);
        }
        if (in.readableBytes() < Wire.HEADER_LENGTH + Long.BYTES) {
            return NEED_MESSAGE_ID;
        }
        return new Skipped(type, payload, limit, in.getLong(at + Wire.HEADER_LENGTH));
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        int magic = buf.getUnsignedByte(offset - 2);
        if (magic != Wire.MAGIC) {
            throw new ProtocolException(ErrorCode.NOT_DUPLEX, String.format(
                    "This is not a duplex peer: a frame must start with byte 0xD5, got 0x%02X.", magic));
        }
        int code = buf.getUnsignedByte(offset - 1);
        FrameType type = FrameType.fromCode(code);
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_FRAME_TYPE, String.format("Unknown frame type 0x%02X.", code));
        }
        long payload = buf.getUnsignedInt(offset);
        if (payload < type.minPayloadLength()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, type + " frame of " + payload
                    + " bytes is shorter than its fixed fields (" + type.minPayloadLength() + " bytes).");
        }
        if (payload > type.maxPayload(limits)) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, type + " frame of " + payload
                    + " bytes is over the limit of " + type.maxPayload(limits) + " bytes.");
        }
        return payload;
    }
}
