package dev.duplex.video.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading a JPEG's declared size from its frame header, without decoding it. */
class JpegHeaderTest {
    private static byte[] baseline;
    private static byte[] progressive;

    @BeforeAll
    static void encode() {
        OpenCv.load();
        try (SyntheticSource source = new SyntheticSource(320, 200, 30, "test"); CapturedFrame frame = source.next();
             BytePointer out = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 80, IMWRITE_JPEG_PROGRESSIVE, 1)) {
            baseline = new JpegEncoder().encode(frame.image(), new EncodeSettings(80, 1)).bytes();
            assertThat(imencode(".jpg", frame.image(), out, params)).isTrue();
            progressive = new byte[(int) out.limit()];
            out.get(progressive);
        }
    }

    @Test
    void readsTheSizeOfBaselineAndProgressiveJpegs() {
        assertThat(JpegHeader.read(baseline)).isEqualTo(new JpegHeader(320, 200));
        assertThat(JpegHeader.read(progressive)).isEqualTo(new JpegHeader(320, 200));
        assertThat(JpegHeader.read(withSize(baseline, 60_000, 50_000)).pixels()).isEqualTo(3_000_000_000L);
    }

    @Test
    void refusesWhatIsNotAJpegWithAReason() {
        assertThatThrownBy(() -> JpegHeader.read(new byte[] {'G', 'I', 'F', '8'}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A frame of 4 bytes is not a decodable JPEG (it does not start with a JPEG's "
                        + "start-of-image marker).");
        assertThatThrownBy(() -> JpegHeader.read(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4}))
                .hasMessage("A frame of 6 bytes is not a decodable JPEG (no marker at byte 2).");
        assertThatThrownBy(() -> JpegHeader.read(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}))
                .hasMessage("A frame of 4 bytes is not a decodable JPEG (no frame header before its image data).");
        assertThatThrownBy(() -> JpegHeader.read(Arrays.copyOf(baseline, 40)))
                .as("cut before the frame header")
                .hasMessage("A frame of 40 bytes is not a decodable JPEG (no frame header before its image data).");
        assertThatThrownBy(() -> JpegHeader.read(withSize(baseline, 0, 200)))
                .hasMessageEndingWith("(its frame header declares 0x200 pixels).");
        byte[] zeroLength = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, 0, 0};
        assertThatThrownBy(() -> JpegHeader.read(zeroLength))
                .hasMessage("A frame of 8 bytes is not a decodable JPEG (a segment of length 0 at byte 2).");
    }

    /** {@code jpeg} with its baseline frame header (SOF0) changed to declare another size. */
    static byte[] withSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 8 < copy.length; i++) {
            if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xC0) {
                // SOF0: marker, length (2), precision (1), height (2), width (2).
                copy[i + 5] = (byte) (height >> 8);
                copy[i + 6] = (byte) height;
                copy[i + 7] = (byte) (width >> 8);
                copy[i + 8] = (byte) width;
                return copy;
            }
        }
        throw new AssertionError("no baseline frame header in the JPEG");
    }
}
