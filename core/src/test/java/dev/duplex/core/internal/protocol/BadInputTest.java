package dev.duplex.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every kind of bad input is a {@link ProtocolException} naming the problem, raised before buffering. */
class BadInputTest {
    private static final FrameLimits SMALL = FrameLimits.DEFAULT.withMaxTextPayload(1024);

    private static EmbeddedChannel decoder() {
        return new EmbeddedChannel(new FrameLengthDecoder(SMALL), FrameCodecHandler.INSTANCE);
    }

    private static ProtocolException decodeFails(byte[] bytes) {
        EmbeddedChannel ch = decoder();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            throw new AssertionError("no exception");
        } catch (ProtocolException e) {
            ch.finishAndReleaseAll();
            return e;
        }
    }

    private static byte[] header(int magic, int type, long length) {
        ByteBuf b = Unpooled.buffer(6).writeByte(magic).writeByte(type).writeInt((int) length);
        return ByteBufUtil.getBytes(b);
    }

    @Test
    void garbageBytesAreNotDuplex() {
        ProtocolException e = decodeFails("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_DUPLEX);
        assertThat(e.getMessage()).contains("not a duplex peer");
    }

    @Test
    void lectureVideoHeaderIsNotDuplex() {
        assertThat(decodeFails("12345           ".getBytes(StandardCharsets.US_ASCII)).code())
                .isEqualTo(ErrorCode.NOT_DUPLEX);
    }

    @Test
    void unknownTypeIsRejected() {
        ProtocolException e = decodeFails(header(Wire.MAGIC, 0x7E, 10));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FRAME_TYPE);
        assertThat(e.getMessage()).contains("0x7E");
    }

    @Test
    void zeroLengthIsShorterThanTheFixedFields() {
        ProtocolException e = decodeFails(header(Wire.MAGIC, FrameType.TEXT.code(), 0));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).contains("shorter than its fixed fields");
    }

    @Test
    void hugeLengthFailsFromTheHeaderAloneWithoutAllocating() {
        // 0xFFFFFFFF read as unsigned is 4 GiB; as signed it would be -1: both must be refused at once.
        ProtocolException e = decodeFails(header(Wire.MAGIC, FrameType.VIDEO.code(), 0xFFFFFFFFL));
        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(e.getMessage()).contains("4294967295");
    }

    @Test
    void lengthOverThePerTypeLimitFailsBeforeThePayloadArrives() {
        ProtocolException e = decodeFails(header(Wire.MAGIC, FrameType.TEXT.code(), 1025));
        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(e.getMessage()).contains("TEXT").contains("1024");
    }

    @Test
    void truncatedFrameWaitsAndDecodesNothing() {
        EmbeddedChannel ch = decoder();
        ByteBuf whole = FrameCodec.encode(new TextFrame(1, 0, 0, "a", "r", "hello"),
                io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        byte[] bytes = ByteBufUtil.getBytes(whole);
        whole.release();
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 1))).isFalse();
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void stringLongerThanTheFrameIsMalformed() {
        // A HELLO whose nickname claims 200 bytes inside a 9-byte payload.
        ByteBuf b = Unpooled.buffer().writeByte(Wire.MAGIC).writeByte(FrameType.HELLO.code()).writeInt(9)
                .writeShort(1).writeInt(3).writeByte(200).writeByte(0).writeByte(0);
        ProtocolException e = decodeFails(ByteBufUtil.getBytes(b));
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).contains("HELLO nickname");
    }

    @Test
    void invalidUtf8InTextBodyIsRejected() {
        byte[] badBody = {(byte) 0xC3, (byte) 0x28};
        ByteBuf b = Unpooled.buffer().writeByte(Wire.MAGIC).writeByte(FrameType.TEXT.code())
                .writeInt(26 + badBody.length).writeLong(1).writeLong(0).writeLong(0).writeByte(0).writeByte(0)
                .writeBytes(badBody);
        ProtocolException e = decodeFails(ByteBufUtil.getBytes(b));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_UTF8);
        assertThat(e.getMessage()).contains("TEXT body");
    }

    @Test
    void presenceCountLargerThanTheFrameIsMalformedBeforeAllocating() {
        ByteBuf b = Unpooled.buffer().writeByte(Wire.MAGIC).writeByte(FrameType.PRESENCE.code()).writeInt(4)
                .writeByte(3).writeByte(0).writeShort(65535);
        assertThat(decodeFails(ByteBufUtil.getBytes(b)).code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void unknownPresenceKindIsMalformed() {
        ByteBuf b = Unpooled.buffer().writeByte(Wire.MAGIC).writeByte(FrameType.PRESENCE.code()).writeInt(4)
                .writeByte(9).writeByte(0).writeShort(0);
        assertThat(decodeFails(ByteBufUtil.getBytes(b)).code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void goodFramesBeforeABadOneAreStillDelivered() {
        EmbeddedChannel ch = decoder();
        ByteBuf good = FrameCodec.encode(new Ping(42), io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        ByteBuf stream = Unpooled.buffer().writeBytes(good).writeBytes(header(0x00, 1, 1));
        good.release();
        assertThatThrownBy(() -> ch.writeInbound(stream)).isInstanceOf(ProtocolException.class);
        assertThat((Object) ch.readInbound()).isEqualTo(new Ping(42));
        ch.finishAndReleaseAll();
    }

    @Test
    void limitsRejectNonsenseValues() {
        assertThatThrownBy(() -> FrameLimits.DEFAULT.withMaxVideoPayload(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxVideoPayload: 0");
        assertThatThrownBy(() -> FrameLimits.DEFAULT.withMaxTextPayload(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTextPayload");
    }

    @Test
    void videoReceiptShorterThanItsFieldsOrWithATruncatedSenderIsRefused() {
        ProtocolException tooShort = decodeFails(header(Wire.MAGIC, FrameType.VIDEO_RECEIPT.code(), 8));
        assertThat(tooShort.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        // 9 bytes: the sequence and a sender length of 5, but no sender bytes.
        byte[] frame = {(byte) Wire.MAGIC, (byte) FrameType.VIDEO_RECEIPT.code(), 0, 0, 0, 9,
                0, 0, 0, 0, 0, 0, 0, 42, 5};
        ProtocolException truncated = decodeFails(frame);
        assertThat(truncated.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(truncated.getMessage()).contains("VIDEO_RECEIPT sender");
    }

    @Test
    void videoReceiptOverTheControlLimitIsRefusedFromItsHeader() {
        ProtocolException e = decodeFails(header(Wire.MAGIC, FrameType.VIDEO_RECEIPT.code(),
                SMALL.maxControlPayload() + 1L));
        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }
}
