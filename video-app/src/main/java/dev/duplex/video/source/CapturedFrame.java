package dev.duplex.video.source;

import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One picture from a {@link FrameSource}: a BGR image that this object owns (closing the frame
 * frees it), its number at the source, and when it was captured.
 *
 * @param image         the BGR 8-bit image; owned, freed by {@link #close()}
 * @param number        position at the source, from 1
 * @param captureMicros wall-clock capture time in microseconds ({@code Clock.nowMicros()})
 */
public record CapturedFrame(Mat image, long number, long captureMicros) implements AutoCloseable {
    public CapturedFrame {
        Objects.requireNonNull(image, "image");
    }

    public int width() {
        return image.cols();
    }

    public int height() {
        return image.rows();
    }

    /** Frees the image. Idempotent. */
    @Override
    public void close() {
        image.close();
    }
}
