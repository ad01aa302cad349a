package dev.duplex.video.codec;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Copies OpenCV images into Swing-paintable {@link BufferedImage}s. Meant for the decoder and
 * encoder threads, never the EDT: the copy is the expensive part of showing a frame.
 */
public final class MatImages {
    private MatImages() {
    }

    /** A new {@link BufferedImage} with the pixels of a BGR, BGRA or grey 8-bit {@code image}. */
    public static BufferedImage toBufferedImage(Mat image) {
        if (image.empty()) {
            throw new IllegalArgumentException("image is empty");
        }
        if (image.depth() != CV_8U) {
            throw new IllegalArgumentException("image depth: " + image.depth() + " (expected: CV_8U)");
        }
        return switch (image.channels()) {
            case 3 -> copy(image, BufferedImage.TYPE_3BYTE_BGR);
            case 1 -> copy(image, BufferedImage.TYPE_BYTE_GRAY);
            case 4 -> {
                try (Mat bgr = new Mat()) {
                    cvtColor(image, bgr, COLOR_BGRA2BGR);
                    yield copy(bgr, BufferedImage.TYPE_3BYTE_BGR);
                }
            }
            default -> throw new IllegalArgumentException("channels: " + image.channels() + " (expected: 1, 3 or 4)");
        };
    }

    /** Like {@link #toBufferedImage(Mat)}, shrunk first (keeping the aspect) if wider than {@code maxWidth}. */
    public static BufferedImage toBufferedImage(Mat image, int maxWidth) {
        if (image.cols() <= maxWidth) {
            return toBufferedImage(image);
        }
        int height = Math.max(1, (int) Math.round((double) image.rows() * maxWidth / image.cols()));
        try (Mat small = new Mat(); Size size = new Size(maxWidth, height)) {
            resize(image, small, size, 0, 0, INTER_AREA);
            return toBufferedImage(small);
        }
    }

    /**
     * Copies a BGR 8-bit {@code image} into {@code out}, a {@code TYPE_3BYTE_BGR} picture of the same
     * size (a picture reused from frame to frame).
     */
    public static void copyInto(Mat image, BufferedImage out) {
        if (image.depth() != CV_8U || image.channels() != 3
                || out.getType() != BufferedImage.TYPE_3BYTE_BGR || out.getWidth() != image.cols()
                || out.getHeight() != image.rows()) {
            throw new IllegalArgumentException("copyInto: a " + image.cols() + "x" + image.rows() + " image of "
                    + image.channels() + " channels into a " + out.getWidth() + "x" + out.getHeight()
                    + " picture of type " + out.getType() + " (expected: same size, 3 channels, TYPE_3BYTE_BGR)");
        }
        copyPixels(image, out);
    }

    private static BufferedImage copy(Mat image, int type) {
        BufferedImage out = new BufferedImage(image.cols(), image.rows(), type);
        copyPixels(image, out);
        return out;
    }

    private static void copyPixels(Mat image, BufferedImage out) {
        byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int rowBytes = image.cols() * image.channels();
        if (image.isContinuous()) {
            image.data().get(target, 0, target.length);
        } else {
            for (int y = 0; y < image.rows(); y++) {
                image.ptr(y).get(target, y * rowBytes, rowBytes);
            }
        }
    }
}
