package dev.duplex.examples.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8StreamDecoderTest {
    private static final String TEXT = "Hi 안녕하세요 é 😀!";

    @Test
    void decodesEverySplitOfTheStreamIntoTheSameText() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            Utf8StreamDecoder decoder = new Utf8StreamDecoder();

            String text = decoder.decode(ByteBuffer.wrap(bytes, 0, split))
                    + decoder.decode(ByteBuffer.wrap(bytes, split, bytes.length - split))
                    + decoder.finish();

            assertThat(text).as("split at byte %d", split).isEqualTo(TEXT);
        }
    }

    @Test
    void decodesByteByByteDelivery() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder text = new StringBuilder();

        for (byte b : bytes) {
            text.append(decoder.decode(ByteBuffer.wrap(new byte[] {b})));
        }

        assertThat(text.append(decoder.finish())).hasToString(TEXT);
    }

    @Test
    void holdsBackAnIncompleteCharacterUntilItsLastByte() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();

        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0x48, 0x69, 0x20, (byte) 0xEC, (byte) 0x95})))
                .isEqualTo("Hi ");
        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0x21}))).isEqualTo("안!");
    }

    @Test
    void replacesMalformedBytesAndRecovers() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();

        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0x61, (byte) 0xFF, 0x62}))).isEqualTo("a\uFFFDb");
        assertThat(decoder.decode(ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)))).isEqualTo("ok");
    }

    @Test
    void anIncompleteCharacterAtTheEndOfTheStreamBecomesAReplacement() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();

        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0x61, (byte) 0xEC, (byte) 0x95}))).isEqualTo("a");
        assertThat(decoder.finish()).isEqualTo("\uFFFD");
        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0x62}))).isEqualTo("b");
    }
}
