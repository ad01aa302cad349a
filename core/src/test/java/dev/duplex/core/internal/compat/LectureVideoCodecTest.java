package dev.duplex.core.internal.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lecture's video framing: 16-byte ASCII length header, strict checks, every split point. */
class LectureVideoCodecTest {
    private static final int MAX = 1000;

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new LectureVideoDecoder(MAX, "peer"), LectureVideoEncoder.INSTANCE);
    }

    private static byte[] lectureFrame(String header, byte[] jpeg) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + jpeg.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(jpeg, 0, all, h.length, jpeg.length);
        return all;
    }

    @Test
    void encoderWritesExactlyWhatPythonWrites() {
        EmbeddedChannel ch = channel();
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        ch.writeOutbound(new VideoFrame(1, 0, 0, 0, "me", Unpooled.wrappedBuffer(jpeg)));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        // Python: str(len(stringData)).ljust(16).encode() + stringData
        assertThat(ByteBufUtil.getBytes(all)).isEqualTo(lectureFrame("7               ", jpeg));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void everySplitPointAndByteByByteGiveTheSameFrames() {
        byte[] stream = new byte[0];
        for (int i = 1; i <= 3; i++) {
            byte[] jpeg = new byte[i * 10];
            jpeg[0] = (byte) i;
            byte[] frame = lectureFrame(String.format("%-16d", jpeg.length), jpeg);
            byte[] joined = new byte[stream.length + frame.length];
            System.arraycopy(stream, 0, joined, 0, stream.length);
            System.arraycopy(frame, 0, joined, stream.length, frame.length);
            stream = joined;
        }
        List<String> whole = decode(stream, stream.length, stream.length);
        assertThat(whole).containsExactly("1:10:01", "2:20:02", "3:30:03");
        for (int split = 1; split < stream.length; split++) {
            assertThat(decode(stream, split, stream.length)).as("split at %d", split).isEqualTo(whole);
        }
        assertThat(decode(stream, 1, 1)).isEqualTo(whole);
    }

    /** Feeds the first {@code split} bytes, then the rest in {@code chunk}-byte pieces. */
    private static List<String> decode(byte[] stream, int split, int chunk) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 0, split));
        for (int i = split; i < stream.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, i, Math.min(chunk, stream.length - i)));
        }
        List<String> out = new ArrayList<>();
        for (VideoFrame f; (f = ch.readInbound()) != null; ) {
            out.add(f.sequence() + ":" + f.jpeg().readableBytes() + ":" + ByteBufUtil.hexDump(f.jpeg(), f.jpeg().readerIndex(), 1));
            f.release();
        }
        assertThat(ch.finish()).isFalse();
        return out;
    }

    private static ProtocolException rejects(String header) {
        EmbeddedChannel ch = channel();
        try {
            assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(lectureFrame(header, new byte[4]))))
                    .isInstanceOf(ProtocolException.class);
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(lectureFrame(header, new byte[4])));
                return null;
            } catch (ProtocolException again) {
                return again;
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static ProtocolException firstError(String header) {
        EmbeddedChannel ch = channel();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(lectureFrame(header, new byte[4])));
            throw new AssertionError("accepted header '" + header + "'");
        } catch (ProtocolException e) {
            return e;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void nonDigitHeaderIsRejected() {
        ProtocolException e = firstError("12a4            ");
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).contains("byte 2 is 0x61");
    }

    @Test
    void duplexFrameOnALecturePortIsRejected() {
        assertThat(firstError("\u00d5\u0010\0\0\0\u0010          ").getMessage()).contains("Bad lecture video header");
    }

    @Test
    void emptyHeaderIsRejected() {
        assertThat(firstError("                ").getMessage()).contains("byte 0 is 0x20");
    }

    @Test
    void zeroLengthIsRejected() {
        assertThat(firstError("0               ").getMessage()).contains("empty video frame");
    }

    @Test
    void digitsAfterPaddingAreRejected() {
        assertThat(firstError("12 3            ").getMessage()).contains("byte 3 is 0x33");
    }

    @Test
    void absurdLengthIsRejectedBeforeBuffering() {
        ProtocolException e = firstError("9999999999999999");
        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(e.getMessage()).contains("more than 1000 bytes");
    }

    @Test
    void lengthOverTheLimitIsRejected() {
        assertThat(firstError("1001            ").code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(lectureFrame("1000            ", new byte[1000])));
        VideoFrame atLimit = ch.readInbound();
        assertThat(atLimit.jpeg().readableBytes()).isEqualTo(1000);
        atLimit.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void afterABadHeaderEverythingIsDiscardedWithoutNewErrors() {
        assertThat(rejects("xyz             ")).isNull();
    }
}
