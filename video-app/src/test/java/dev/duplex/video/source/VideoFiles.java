package dev.duplex.video.source;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;

import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;

/** Writes small test clips with OpenCV's own MJPG .avi writer (no codec library needed). */
public final class VideoFiles {
    private VideoFiles() {
    }

    /** Writes {@code frames} frames of the synthetic pattern to an MJPG .avi and returns its path. */
    public static Path writeMjpeg(Path file, int width, int height, double fps, int frames) {
        int fourcc = VideoWriter.fourcc((byte) 'M', (byte) 'J', (byte) 'P', (byte) 'G');
        try (Size size = new Size(width, height);
             VideoWriter writer = new VideoWriter(file.toString(), CAP_OPENCV_MJPEG, fourcc, fps, size, true);
             SyntheticSource pattern = new SyntheticSource(width, height, fps, "clip")) {
            if (!writer.isOpened()) {
                throw new IllegalStateException("OpenCV cannot write " + file);
            }
            for (int i = 0; i < frames; i++) {
                try (CapturedFrame frame = pattern.next()) {
                    writer.write(frame.image());
                }
            }
            writer.release();
        }
        return file;
    }
}
