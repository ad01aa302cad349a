package dev.duplex.core.internal.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.TextFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lecture's unframed UTF-8 chat: messages per line or per read burst, characters never broken. */
class LectureChatCodecTest {

    private static EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new LectureChatDecoder(max, "10.0.0.9"), LectureChatEncoder.INSTANCE);
    }

    /** Each element is delivered as one read burst (channelRead + channelReadComplete). */
    private static List<String> receive(EmbeddedChannel ch, byte[]... bursts) {
        for (byte[] burst : bursts) {
            ch.writeInbound(Unpooled.wrappedBuffer(burst));
        }
        List<String> out = new ArrayList<>();
        for (TextFrame t; (t = ch.readInbound()) != null; ) {
            out.add(t.body());
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encoderSendsRawUtf8WithATrailingNewlineLikeTheLectureWindow() {
        EmbeddedChannel ch = channel(100);
        ch.writeOutbound(new TextFrame(1, 0, 0, "me", "", "안녕하세요"));
        ByteBuf out = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(utf8("안녕하세요\n"));
        out.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void linesAreMessagesWithoutTheirNewline() {
        EmbeddedChannel ch = channel(100);
        assertThat(receive(ch, utf8("hello\nworld\n"))).containsExactly("hello", "world");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aReadBurstWithoutNewlineIsOneMessageLikeTheLecturesRecv() {
        EmbeddedChannel ch = channel(100);
        assertThat(receive(ch, utf8("no newline"), utf8("second"))).containsExactly("no newline", "second");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void multiByteCharacterSplitAcrossReadsIsKeptWhole() {
        byte[] bytes = utf8("한글 👋\n");
        for (int split = 1; split < bytes.length - 1; split++) {
            EmbeddedChannel ch = channel(100);
            byte[] a = java.util.Arrays.copyOfRange(bytes, 0, split);
            byte[] b = java.util.Arrays.copyOfRange(bytes, split, bytes.length);
            List<String> got = receive(ch, a, b);
            assertThat(String.join("", got)).as("split at %d", split).isEqualTo("한글 👋");
            assertThat(got).allSatisfy(m -> assertThat(m).doesNotContain("\uFFFD"));
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void bytesThatAreNotUtf8ShowAsReplacementCharacters() {
        EmbeddedChannel ch = channel(100);
        assertThat(receive(ch, new byte[] {'o', 'k', (byte) 0xC3, 0x28, '\n'})).containsExactly("ok\uFFFD(");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void characterCutByTheEndOfTheStreamIsReplaced() {
        EmbeddedChannel ch = channel(100);
        byte[] han = utf8("한");
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'x', han[0], han[1]}));
        List<String> out = new ArrayList<>();
        ch.finish();
        for (TextFrame t; (t = ch.readInbound()) != null; ) {
            out.add(t.body());
        }
        assertThat(String.join("", out)).isEqualTo("x\uFFFD");
    }

    @Test
    void longMessageWithoutNewlineIsCutAtTheLimit() {
        EmbeddedChannel ch = channel(4);
        assertThat(receive(ch, utf8("abcdefghij"))).containsExactly("abcd", "efgh", "ij");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void senderIsThePeersAddress() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(Unpooled.wrappedBuffer(utf8("hi\n")));
        TextFrame t = ch.readInbound();
        assertThat(t.sender()).isEqualTo("10.0.0.9");
        assertThat(ch.finish()).isFalse();
    }
}
