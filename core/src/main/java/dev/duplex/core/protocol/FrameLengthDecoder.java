package dev.duplex.core.protocol;

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
 * Per-connection state: one instance per channel.
 */
public final class FrameLengthDecoder extends LengthFieldBasedFrameDecoder {
    private final FrameLimits limits;
    private boolean failed;

    public FrameLengthDecoder(FrameLimits limits) {
        super(limits.maxFrameLength(), Wire.LENGTH_FIELD_OFFSET, 4, 0, 0, true);
        this.limits = limits;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
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
        if (payload > limits.maxPayload(type)) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, type + " frame of " + payload
                    + " bytes is over the limit of " + limits.maxPayload(type) + " bytes.");
        }
        return payload;
    }
}
