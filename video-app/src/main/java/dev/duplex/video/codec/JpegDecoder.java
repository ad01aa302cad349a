package dev.duplex.video.codec;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decompresses JPEG bytes to a BGR image: with the system's libturbojpeg where there is one (see
 * {@link JpegEncoder#implementation()}), else with OpenCV's {@code imdecode}; either way refusing
 * pictures of more than {@link #MAX_PIXELS} pixels (or the bound given) from the JPEG's header,
 * before allocating them. May be shared between threads: its calls take turns.
 */
public final class JpegDecoder {
    /** Most pixels a decoded picture may have by default: 4096 x 4096 (48 MiB as BGR). */
    public static final long MAX_PIXELS = 4096L * 4096;

    private final TurboJpeg.Decompressor turbo;
    private final long maxPixels;

    /** A decoder that refuses pictures of more than {@link #MAX_PIXELS} pixels. */
    public JpegDecoder() {
        this(MAX_PIXELS);
    }

    /**
     * @param maxPixels most pixels a decoded picture may have (expected: &gt; 0); a frame whose
     *                  header says more is refused before anything is allocated for it
     */
    public JpegDecoder(long maxPixels) {
        this(maxPixels, true);
    }

    /** @param systemLibrary false to decode with OpenCV even where libturbojpeg is available (tests) */
    JpegDecoder(long maxPixels, boolean systemLibrary) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels: " + maxPixels + " (expected: > 0)");
        }
        this.maxPixels = maxPixels;
        this.turbo = systemLibrary ? TurboJpeg.decompressor() : null;
    }

    /**
     * Decodes {@code jpeg}.
     *
     * @return a BGR image the caller owns and closes
     * @throws IllegalArgumentException if the bytes are not an image that can be decoded, or the
     *                                  picture is larger than the bound
     */
    public Mat decode(byte[] jpeg) {
        if (jpeg.length == 0) {
            throw new IllegalArgumentException("Cannot decode an empty frame.");
        }
        if (turbo != null) {
            return turbo.decompress(jpeg, maxPixels);
        }
        JpegHeader size = JpegHeader.read(jpeg);
        if (size.pixels() > maxPixels) {
            throw new IllegalArgumentException("A frame of " + size.width() + "x" + size.height()
                    + " pixels is larger than the " + maxPixels + " pixels a picture may have.");
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
