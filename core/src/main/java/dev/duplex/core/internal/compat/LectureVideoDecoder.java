package dev.duplex.core.internal.compat;

import dev.duplex.core.internal.Checks;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes the lecture's video format (Homework 12.2, port 9999): each frame is the JPEG's length as
 * ASCII decimal digits padded with spaces to 16 bytes ({@code str(len(data)).ljust(16)}), then the
 * JPEG bytes.
 * <pre>
 * +--------------------------------+----------------------+
 * | "12345" + 11 spaces (16 bytes) | 12345 bytes of JPEG  |
 * +--------------------------------+----------------------+
 * </pre>
 * The header is checked strictly before any payload is buffered: only digits then spaces, at least
 * one digit, no more than {@code maxFrameLength}. A bad header is a {@link ProtocolException}; the
 * stream cannot be resynchronised, so every later byte is discarded. The lecture format has no
 * sequence numbers or timestamps: frames are numbered here on arrival and carry capture time 0.
 * Per-connection state: one instance per channel.
 */
public final class LectureVideoDecoder extends ByteToMessageDecoder {
    /** Size of the ASCII length header. */
    public static final int HEADER_LENGTH = 16;

    private final int maxFrameLength;
    private final String sender;
    private long sequence;
    private int pendingLength = -1;
    private boolean failed;

    /**
     * @param maxFrameLength largest JPEG accepted, in bytes
     * @param sender         the name frames are attributed to (the lecture format carries none)
     */
    public LectureVideoDecoder(int maxFrameLength, String sender) {
        this.maxFrameLength = Checks.positive("maxFrameLength", maxFrameLength);
        this.sender = sender;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (true) {
            if (pendingLength < 0) {
                if (in.readableBytes() < HEADER_LENGTH) {
                    return;
                }
                try {
                    pendingLength = parseHeader(in, in.readerIndex(), maxFrameLength);
                } catch (ProtocolException e) {
                    failed = true;
                    in.skipBytes(in.readableBytes());
                    throw e;
                }
                in.skipBytes(HEADER_LENGTH);
            }
            if (in.readableBytes() < pendingLength) {
                return;
            }
            ByteBuf jpeg = in.readRetainedSlice(pendingLength);
            pendingLength = -1;
            out.add(new VideoFrame(++sequence, 0, 0, 0, sender, jpeg));
        }
    }

    /** Parses a 16-byte header at {@code index}: digits, then only spaces; returns the length. */
    static int parseHeader(ByteBuf in, int index, int maxFrameLength) {
        long value = 0;
        int digits = 0;
        boolean inPadding = false;
        for (int i = 0; i < HEADER_LENGTH; i++) {
            int b = in.getUnsignedByte(index + i);
            if (b >= '0' && b <= '9' && !inPadding) {
                value = value * 10 + (b - '0');
                digits++;
                if (value > maxFrameLength) {
                    throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "The peer announced a video frame of more than "
                            + maxFrameLength + " bytes (the limit); closing.");
                }
            } else if (b == ' ' && digits > 0) {
                inPadding = true;
            } else {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, String.format(
                        "Bad lecture video header: byte %d is 0x%02X, expected a digit or space padding. "
                                + "Is the other side the lecture's video chat?", i, b));
            }
        }
        if (digits == 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "Empty lecture video header (no length digits).");
        }
        if (value == 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "The peer announced an empty video frame.");
        }
        return (int) value;
    }
}
