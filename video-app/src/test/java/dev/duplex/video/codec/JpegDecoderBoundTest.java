package dev.duplex.video.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder's bound and its sentences, with the system's libturbojpeg (where there is one: CI
 * has it, see {@link TurboJpegTest}) and with OpenCV (what Windows, macOS and a Linux without the
 * library use).
 */
class JpegDecoderBoundTest {
    private static byte[] jpeg;

    @BeforeAll
    static void encodeASmallFrame() {
        OpenCv.load();
        try (SyntheticSource source = new SyntheticSource(64, 48, 30, "test"); CapturedFrame frame = source.next()) {
            jpeg = new JpegEncoder().encode(frame.image(), new EncodeSettings(90, 1)).bytes();
        }
    }

    @ParameterizedTest(name = "system libturbojpeg: {0}")
    @ValueSource(booleans = {true, false})
    void refusesAPictureLargerThanTheBoundBeforeAllocatingIt(boolean systemLibrary) {
        // The same few hundred bytes, with a header that claims 60000 x 60000 pixels (10 GB as BGR).
        byte[] bomb = JpegHeaderTest.withSize(jpeg, 60_000, 60_000);

        assertThatThrownBy(() -> new JpegDecoder(JpegDecoder.MAX_PIXELS, systemLibrary).decode(bomb))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A frame of 60000x60000 pixels is larger than the " + JpegDecoder.MAX_PIXELS
                        + " pixels a picture may have.");
        assertThatThrownBy(() -> new JpegDecoder(64 * 48 - 1, systemLibrary).decode(jpeg))
                .hasMessage("A frame of 64x48 pixels is larger than the 3071 pixels a picture may have.");
        try (Mat fits = new JpegDecoder(64 * 48, systemLibrary).decode(jpeg)) {
            assertThat(fits.cols()).isEqualTo(64);
            assertThat(fits.rows()).isEqualTo(48);
        }
    }

    @ParameterizedTest(name = "system libturbojpeg: {0}")
    @ValueSource(booleans = {true, false})
    void refusesGarbageATruncatedHeaderAndNothingWithASentence(boolean systemLibrary) {
        JpegDecoder decoder = new JpegDecoder(JpegDecoder.MAX_PIXELS, systemLibrary);
        assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A frame of 4 bytes is not a decodable JPEG");
        assertThatThrownBy(() -> decoder.decode(new byte[] {'G', 'I', 'F', '8', '9', 'a'}))
                .hasMessageStartingWith("A frame of 6 bytes is not a decodable JPEG");
        assertThatThrownBy(() -> decoder.decode(new byte[0])).hasMessage("Cannot decode an empty frame.");
    }

    @ParameterizedTest(name = "system libturbojpeg: {0}")
    @ValueSource(booleans = {true, false})
    void aFrameTheDecoderFailsOnDoesNotStopTheNextOnes(boolean systemLibrary) {
        JpegDecoder decoder = new JpegDecoder(JpegDecoder.MAX_PIXELS, systemLibrary);
        byte[] bogusHuffmanTable = jpeg.clone();
        int table = indexOfMarker(bogusHuffmanTable, 0xC4);
        // DHT: marker (2), length (2), class and id (1), then 16 counts whose sum may not pass 256.
        Arrays.fill(bogusHuffmanTable, table + 5, table + 21, (byte) 0xFF);

        assertThatThrownBy(() -> decoder.decode(bogusHuffmanTable))
                .hasMessageStartingWith("A frame of " + jpeg.length + " bytes is not a decodable JPEG");
        for (int i = 0; i < 3; i++) {
            try (Mat next = decoder.decode(jpeg)) {
                assertThat(next.cols()).isEqualTo(64);
            }
        }
    }

    private static int indexOfMarker(byte[] bytes, int marker) {
        for (int i = 2; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    @Test
    void aBoundMustBePositive() {
        assertThatThrownBy(() -> new JpegDecoder(0)).hasMessage("maxPixels: 0 (expected: > 0)");
    }
}
