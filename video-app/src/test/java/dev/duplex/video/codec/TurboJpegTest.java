package dev.duplex.video.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The system's libturbojpeg against OpenCV's codec: the same JPEGs both ways (the decoder's bound,
 * on both: {@link JpegDecoderBoundTest}). CI installs the library ({@code .ci/run}), so there these tests run; elsewhere they are
 * skipped when the machine has no libturbojpeg.
 */
class TurboJpegTest {
    private static final int QUALITY = 90;

    @BeforeAll
    static void libraryIsThere() {
        OpenCv.load();
        if (System.getenv("CI") != null) {
            assertThat(TurboJpeg.available()).as("CI installs libturbojpeg0").isTrue();
        }
        assumeTrue(TurboJpeg.available(), "no system libturbojpeg here");
    }

    @Test
    void encodesWhatOpenCvDecodesAtTheSameQualityAndSize() {
        try (SyntheticSource source = new SyntheticSource(640, 480, 30, "test"); CapturedFrame frame = source.next()) {
            byte[] turbo = new JpegEncoder().encode(frame.image(), new EncodeSettings(QUALITY, 1)).bytes();
            byte[] openCv = openCvEncode(frame.image());

            // Same quality tables and 4:2:0 subsampling: the sizes agree closely.
            assertThat((double) turbo.length / openCv.length).isBetween(0.9, 1.1);
            try (Mat decoded = openCvDecode(turbo)) {
                assertThat(meanDifference(decoded, frame.image())).as("q90 against the source").isLessThan(4);
            }
        }
    }

    @Test
    void decodesOpenCvsJpegsAsOpenCvDoes() {
        try (SyntheticSource source = new SyntheticSource(640, 480, 30, "test"); CapturedFrame frame = source.next()) {
            byte[] jpeg = openCvEncode(frame.image());
            try (Mat turbo = new JpegDecoder().decode(jpeg); Mat openCv = openCvDecode(jpeg)) {
                assertThat(turbo.cols()).isEqualTo(640);
                assertThat(turbo.rows()).isEqualTo(480);
                assertThat(turbo.channels()).isEqualTo(3);
                assertThat(meanDifference(turbo, openCv)).isLessThan(1);
            }
        }
    }

    private static byte[] openCvEncode(Mat image) {
        try (BytePointer out = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY)) {
            assertThat(imencode(".jpg", image, out, params)).isTrue();
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    private static Mat openCvDecode(byte[] jpeg) {
        try (BytePointer data = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length, CV_8UC1, data)) {
            return imdecode(encoded, IMREAD_COLOR);
        }
    }

    /** Mean absolute difference per channel value, averaged over the three channels. */
    private static double meanDifference(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            Scalar m = mean(diff);
            return (m.get(0) + m.get(1) + m.get(2)) / 3;
        }
    }
}
