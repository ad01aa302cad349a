package dev.duplex.video.codec;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Decompresses JPEG bytes to a BGR image with OpenCV's {@code imdecode}. Stateless. */
public final class JpegDecoder {

    /**
     * Decodes {@code jpeg}.
     *
     * @return a BGR image the caller owns and closes
     * @throws IllegalArgumentException if the bytes are not an image OpenCV can decode
     */
    public Mat decode(byte[] jpeg) {
        if (jpeg.length == 0) {
            throw new IllegalArgumentException("Cannot decode an empty frame.");
        }
        try (BytePointer data = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length, CV_8UC1, data)) {
            Mat image = imdecode(encoded, IMREAD_COLOR);
            if (image == null || image.empty()) {
                if (image != null) {
                    image.close();
                }
                throw new IllegalArgumentException("A frame of " + jpeg.length + " bytes is not a decodable JPEG.");
            }
            return image;
        }
    }
}
