package dev.duplex.video.codec;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Compresses BGR images to JPEG, scaling first (OpenCV's {@code resize}) when the settings ask: with
 * the system's libturbojpeg where there is one ({@link #implementation()}), else with OpenCV's
 * {@code imencode}. May be shared between threads: its calls take turns. Its native buffers are
 * freed when it is unreachable.
 */
public final class JpegEncoder {
    private final TurboJpeg.Compressor turbo = TurboJpeg.compressor();

    /** Which library encodes and decodes frames on this machine, as a short phrase. */
    public static String implementation() {
        return TurboJpeg.available() ? "libjpeg-turbo with SIMD (system libturbojpeg)"
                : "OpenCV's imencode/imdecode (libjpeg-turbo without SIMD)";
    }

    /**
     * Encodes {@code image} (not modified, not freed).
     *
     * @throws IllegalStateException if OpenCV cannot encode it
     */
    public EncodedJpeg encode(Mat image, EncodeSettings settings) {
        if (image.empty()) {
            throw new IllegalArgumentException("image is empty");
        }
        int width = Math.max(2, (int) Math.round(image.cols() * settings.scale()));
        int height = Math.max(2, (int) Math.round(image.rows() * settings.scale()));
        if (width == image.cols() && height == image.rows()) {
            return encodeAsIs(image, settings.quality());
        }
        try (Mat scaled = new Mat(); Size size = new Size(width, height)) {
            resize(image, scaled, size, 0, 0, INTER_AREA);
            return encodeAsIs(scaled, settings.quality());
        }
    }

    private EncodedJpeg encodeAsIs(Mat image, int quality) {
        if (turbo != null && TurboJpeg.Compressor.accepts(image)) {
            return new EncodedJpeg(turbo.compress(image, quality), image.cols(), image.rows(), quality);
        }
        try (BytePointer out = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", image, out, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + image.cols() + "x" + image.rows()
                        + " image as JPEG.");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return new EncodedJpeg(bytes, image.cols(), image.rows(), quality);
        }
    }
}
