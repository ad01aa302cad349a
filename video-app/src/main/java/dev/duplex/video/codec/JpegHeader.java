package dev.duplex.video.codec;

/**
 * The picture size a JPEG declares in its frame header (SOF<i>n</i>), read without decoding, so a
 * decoder can refuse a picture before allocating it.
 *
 * @param width  pixels per row (&gt; 0)
 * @param height rows (&gt; 0)
 */
record JpegHeader(int width, int height) {
    private static final int MARKER = 0xFF;
    private static final int START_OF_IMAGE = 0xD8;
    private static final int START_OF_SCAN = 0xDA;

    /** Pixels in the picture. */
    long pixels() {
        return (long) width * height;
    }

    /**
     * @throws IllegalArgumentException if {@code jpeg} does not start like a JPEG or has no frame
     *                                  header with a non-zero size before its first scan
     */
    static JpegHeader read(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != MARKER || (jpeg[1] & 0xFF) != START_OF_IMAGE) {
            throw notAJpeg(jpeg, "it does not start with a JPEG's start-of-image marker");
        }
        int i = 2;
        while (i + 3 < jpeg.length) {
            if ((jpeg[i] & 0xFF) != MARKER) {
                throw notAJpeg(jpeg, "no marker at byte " + i);
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == MARKER) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a segment
                i += 2;
                continue;
            }
            if (marker == START_OF_SCAN) {
                break;
            }
            int segmentLength = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (isFrameHeader(marker)) {
                if (segmentLength < 8 || i + 8 >= jpeg.length) {
                    break;
                }
                int height = ((jpeg[i + 5] & 0xFF) << 8) | (jpeg[i + 6] & 0xFF);
                int width = ((jpeg[i + 7] & 0xFF) << 8) | (jpeg[i + 8] & 0xFF);
                if (width == 0 || height == 0) {
                    throw notAJpeg(jpeg, "its frame header declares " + width + "x" + height + " pixels");
                }
                return new JpegHeader(width, height);
            }
            if (segmentLength < 2) {
                throw notAJpeg(jpeg, "a segment of length " + segmentLength + " at byte " + i);
            }
            i += 2 + segmentLength;
        }
        throw notAJpeg(jpeg, "no frame header before its image data");
    }

    /** SOF0 to SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static IllegalArgumentException notAJpeg(byte[] jpeg, String why) {
        return new IllegalArgumentException("A frame of " + jpeg.length + " bytes is not a decodable JPEG (" + why + ").");
    }
}
