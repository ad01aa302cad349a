package dev.duplex.video.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import java.awt.image.BufferedImage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class JpegCodecTest {
    private final JpegEncoder encoder = new JpegEncoder();
    private final JpegDecoder decoder = new JpegDecoder();

    @Test
    void encodesAJpegThatDecodesToTheSameSize() {
        try (SyntheticSource source = new SyntheticSource(640, 480, 30, "test"); CapturedFrame frame = source.next()) {
            EncodedJpeg jpeg = encoder.encode(frame.image(), new EncodeSettings(90, 1.0));

            assertThat(jpeg.bytes()[0]).isEqualTo((byte) 0xFF);
            assertThat(jpeg.bytes()[1]).isEqualTo((byte) 0xD8);
            assertThat(jpeg.width()).isEqualTo(640);
            assertThat(jpeg.height()).isEqualTo(480);
            try (Mat decoded = decoder.decode(jpeg.bytes())) {
                assertThat(decoded.cols()).isEqualTo(640);
                assertThat(decoded.rows()).isEqualTo(480);
                assertThat(decoded.channels()).isEqualTo(3);
            }
        }
    }

    @Test
    void lowerQualityAndScaleMakeSmallerFrames() {
        try (SyntheticSource source = new SyntheticSource(640, 480, 30, "test"); CapturedFrame frame = source.next()) {
            int full = encoder.encode(frame.image(), new EncodeSettings(90, 1.0)).bytes().length;
            int lowQuality = encoder.encode(frame.image(), new EncodeSettings(30, 1.0)).bytes().length;
            EncodedJpeg half = encoder.encode(frame.image(), new EncodeSettings(30, 0.5));

            assertThat(lowQuality).isLessThan(full);
            assertThat(half.bytes().length).isLessThan(lowQuality);
            assertThat(half.width()).isEqualTo(320);
            assertThat(half.height()).isEqualTo(240);
        }
    }

    @Test
    void garbageIsRefusedWithASentence() {
        assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A frame of 4 bytes is not a decodable JPEG");
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsBgrToABufferedImageWithTheSameColours() {
        try (Mat red = new Mat(4, 6, CV_8UC3, new Scalar(0, 0, 255, 0))) {
            BufferedImage image = MatImages.toBufferedImage(red);

            assertThat(image.getWidth()).isEqualTo(6);
            assertThat(image.getHeight()).isEqualTo(4);
            assertThat(image.getRGB(5, 3) & 0xFFFFFF).isEqualTo(0xFF0000);
            assertThat(MatImages.toBufferedImage(red, 3).getWidth()).isEqualTo(3);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new EncodeSettings(0, 1)).hasMessage("quality: 0 (expected: 1..100)");
        assertThatThrownBy(() -> new EncodeSettings(50, 1.5)).hasMessage("scale: 1.5 (expected: 0 < scale <= 1)");
        assertThat(new EncodeSettings(85, 0.75).describe()).isEqualTo("JPEG q85 \u00b7 75%");
    }
}
