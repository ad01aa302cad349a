package dev.duplex.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round trips and stream splitting through the real pipeline codec layers. */
class FrameCodecTest {

    private static EmbeddedChannel codecChannel() {
        return new EmbeddedChannel(new FrameLengthDecoder(FrameLimits.DEFAULT), FrameCodecHandler.INSTANCE);
    }

    @Test
    void everyPlainFrameTypeRoundTrips() {
        for (Frame frame : SampleFrames.plain()) {
            EmbeddedChannel ch = codecChannel();
            assertThat(ch.writeOutbound(frame)).isTrue();
            ByteBuf bytes = ch.readOutbound();
            assertThat(ch.writeInbound(bytes)).isTrue();
            Frame decoded = ch.readInbound();
            assertThat(decoded).as(frame.type().name()).isEqualTo(frame);
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void videoReceiptHasTheDocumentedLayout() {
        EmbeddedChannel ch = codecChannel();
        assertThat(ch.writeOutbound(new VideoReceipt(0x0102030405060708L, "bob"))).isTrue();
        ByteBuf bytes = ch.readOutbound();
        assertThat(ByteBufUtil.hexDump(bytes)).isEqualTo("d509" + "0000000c" + "0102030405060708" + "03626f62");
        assertThat(ch.writeInbound(bytes)).isTrue();
        assertThat((Object) ch.readInbound()).isEqualTo(new VideoReceipt(0x0102030405060708L, "bob"));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void audioFrameRoundTripsWithItsOpusBytesUnchanged() {
        EmbeddedChannel ch = codecChannel();
        byte[] opus = {0x78, (byte) 0xFF, 0, 1, 2, 3};
        assertThat(ch.writeOutbound(new AudioFrame(Long.MAX_VALUE, 1_700_000_000_123_456L, "철수",
                Unpooled.wrappedBuffer(opus)))).isTrue();
        ByteBuf bytes = readAllOutbound(ch);
        assertThat(bytes.readableBytes()).isEqualTo(Wire.HEADER_LENGTH + AudioFrame.payloadLength("철수", opus.length));
        assertThat(ch.writeInbound(bytes)).isTrue();
        AudioFrame decoded = ch.readInbound();
        try {
            assertThat(decoded.sequence()).isEqualTo(Long.MAX_VALUE);
            assertThat(decoded.captureTimeMicros()).isEqualTo(1_700_000_000_123_456L);
            assertThat(decoded.sender()).isEqualTo("철수");
            assertThat(ByteBufUtil.getBytes(decoded.opus())).isEqualTo(opus);
        } finally {
            decoded.release();
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void audioOverItsOwnLimitIsRefusedFromTheHeader() {
        FrameLimits limits = FrameLimits.DEFAULT.withMaxAudioPayload(2000);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameLengthDecoder(limits), FrameCodecHandler.INSTANCE);
        ByteBuf header = Unpooled.buffer().writeByte(Wire.MAGIC).writeByte(FrameType.AUDIO.code()).writeInt(2001);
        assertThatThrownBy(() -> ch.writeInbound(header))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("AUDIO frame of 2001 bytes is over the limit");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void videoFrameRoundTripsWithoutCopyingOnEncode() {
        EmbeddedChannel ch = codecChannel();
        VideoFrame original = SampleFrames.video();
        byte[] jpeg = ByteBufUtil.getBytes(original.jpeg());
        assertThat(ch.writeOutbound(original.retain())).isTrue();
        ByteBuf bytes = readAllOutbound(ch);
        assertThat(ch.writeInbound(bytes)).isTrue();
        VideoFrame decoded = ch.readInbound();
        try {
            assertThat(decoded.sequence()).isEqualTo(5L);
            assertThat(decoded.captureTimeMicros()).isEqualTo(1_700_000_000_123_456L);
            assertThat(decoded.width()).isEqualTo(640);
            assertThat(decoded.height()).isEqualTo(480);
            assertThat(decoded.sender()).isEqualTo("bob");
            assertThat(ByteBufUtil.getBytes(decoded.jpeg())).isEqualTo(jpeg);
        } finally {
            decoded.release();
            original.release();
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void encodedVideoIsACompositeSharingTheJpegBytes() {
        VideoFrame frame = SampleFrames.video();
        ByteBuf encoded = FrameCodec.encode(frame, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(encoded).isInstanceOf(io.netty.buffer.CompositeByteBuf.class);
            assertThat(frame.jpeg().refCnt()).as("the JPEG is retained, not copied").isEqualTo(2);
        } finally {
            encoded.release();
            frame.release();
        }
    }

    @Test
    void streamSplitAtEveryPointDecodesToTheSameFrames() {
        byte[] stream = encodeAll();
        List<String> expected = decodeInChunks(stream, stream.length);
        assertThat(expected).hasSize(SampleFrames.plain().size() + 1);
        for (int split = 1; split < stream.length; split++) {
            EmbeddedChannel ch = codecChannel();
            ch.writeInbound(Unpooled.wrappedBuffer(stream, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(stream, split, stream.length - split));
            assertThat(drainInbound(ch)).as("split at %d", split).isEqualTo(expected);
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void byteByByteDeliveryDecodesToTheSameFrames() {
        byte[] stream = encodeAll();
        assertThat(decodeInChunks(stream, 1)).isEqualTo(decodeInChunks(stream, stream.length));
    }

    private static List<String> decodeInChunks(byte[] stream, int chunk) {
        EmbeddedChannel ch = codecChannel();
        for (int i = 0; i < stream.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, i, Math.min(chunk, stream.length - i)));
        }
        List<String> frames = drainInbound(ch);
        assertThat(ch.finish()).isFalse();
        return frames;
    }

    /** Decoded frames as strings (video content included), releasing each. */
    private static List<String> drainInbound(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object msg; (msg = ch.readInbound()) != null; ) {
            if (msg instanceof VideoFrame v) {
                out.add(v + ByteBufUtil.hexDump(v.jpeg()));
                v.release();
            } else {
                out.add(msg.toString());
            }
        }
        return out;
    }

    private static byte[] encodeAll() {
        EmbeddedChannel ch = codecChannel();
        for (Frame f : SampleFrames.plain()) {
            ch.writeOutbound(f);
        }
        ch.writeOutbound(SampleFrames.video());
        ByteBuf all = readAllOutbound(ch);
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        assertThat(ch.finish()).isFalse();
        return bytes;
    }

    private static ByteBuf readAllOutbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }
}
