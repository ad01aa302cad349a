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
 * Compresses BGR images to JPEG with OpenCV's {@code imencode}, scaling first when the settings ask.
 * Stateless; every native buffer is freed before returning.
 */
public final class JpegEncoder {

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

    private static EncodedJpeg encodeAsIs(Mat image, int quality) {
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
