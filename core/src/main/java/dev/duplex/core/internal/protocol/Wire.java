package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Constants of the frame header and the primitive field codecs (length-prefixed UTF-8 strings)
 * shared by the encoder and decoder. All integers are big-endian and unsigned.
 */
public final class Wire {
    /** First byte of every frame. Not ASCII, so a text protocol on a duplex port is caught at once. */
    public static final int MAGIC = 0xD5;
    /** The protocol version spoken here; HELLO and WELCOME carry it. */
    public static final int PROTOCOL_VERSION = 1;
    /** magic (1) + type (1) + payload length (4). */
    public static final int HEADER_LENGTH = 6;
    /** Offset of the 4-byte payload length field. */
    public static final int LENGTH_FIELD_OFFSET = 2;
    /** Largest string a str8 field can carry, in UTF-8 bytes. */
    public static final int MAX_STR8 = 255;
    /** Largest string a str16 field can carry, in UTF-8 bytes. */
    public static final int MAX_STR16 = 65_535;

    private static final ThreadLocal<CharsetDecoder> STRICT_UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private Wire() {
    }

    /** Writes a string as u8 length + UTF-8 bytes; fails if it does not fit in 255 bytes. */
    public static void writeStr8(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STR8) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes (expected: <= 255)");
        }
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
    }

    /** Writes a string as u16 length + UTF-8 bytes, cut at 65535 bytes on a character boundary. */
    public static void writeStr16(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STR16) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes (expected: <= 65535)");
        }
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    public static String readStr8(ByteBuf in, String field) {
        need(in, 1, field);
        return readUtf8(in, in.readUnsignedByte(), field);
    }

    public static String readStr16(ByteBuf in, String field) {
        need(in, 2, field);
        return readUtf8(in, in.readUnsignedShort(), field);
    }

    /** Reads {@code length} bytes as strict UTF-8: malformed input is a {@link ProtocolException}. */
    public static String readUtf8(ByteBuf in, int length, String field) {
        need(in, length, field);
        ByteBuffer bytes = in.nioBufferCount() == 1
                ? in.nioBuffer(in.readerIndex(), length)
                : ByteBuffer.wrap(copy(in, length));
        in.skipBytes(length);
        try {
            CharBuffer chars = STRICT_UTF8.get().reset().decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.INVALID_UTF8, field + " is not valid UTF-8.");
        }
    }

    /** Checks that a field of {@code length} bytes is present before it is read. */
    public static void need(ByteBuf in, int length, String field) {
        if (in.readableBytes() < length) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    field + " needs " + length + " bytes but the frame has only " + in.readableBytes() + " left.");
        }
    }

    /** Number of UTF-8 bytes a string encodes to. */
    public static int utf8Length(String value) {
        return ByteBufUtil.utf8Bytes(value);
    }

    /** The largest whole frame (header included) any type may have under {@code limits}. */
    public static int maxFrameLength(FrameLimits limits) {
        return HEADER_LENGTH + limits.maxAnyPayload();
    }

    private static byte[] copy(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.getBytes(in.readerIndex(), bytes);
        return bytes;
    }
}
