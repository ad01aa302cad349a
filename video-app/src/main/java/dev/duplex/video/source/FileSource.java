package dev.duplex.video.source;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_ANY;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_POS_FRAMES;

import dev.duplex.core.transport.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/**
 * A video file played through OpenCV at its own frame rate, from the start again when it ends
 * (a call does not stop because the clip did).
 */
public final class FileSource implements FrameSource {
    private static final double FALLBACK_FPS = 25;

    private final VideoCapture capture;
    private final Path file;
    private final double fps;
    private long number;

    private FileSource(VideoCapture capture, Path file, double fps) {
        this.capture = capture;
        this.file = file;
        this.fps = fps;
    }

    /**
     * Opens {@code file} and checks that a first frame can be read.
     *
     * @throws SourceUnavailableException if it does not exist or is not a video OpenCV can read
     */
    public static FileSource open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SourceUnavailableException("The video file " + file + " does not exist: check the path.");
        }
        VideoCapture capture;
        // OpenCV's readers take UTF-8 file names on every system; a String would be passed in Java's
        // default charset, which Java 17 on Windows makes the ANSI code page (a folder named 한글 is lost).
        try (BytePointer name = new BytePointer(file.toString(), StandardCharsets.UTF_8)) {
            capture = new VideoCapture(name, CAP_ANY);
        }
        boolean readable = capture.isOpened();
        if (readable) {
            try (Mat probe = new Mat()) {
                readable = capture.read(probe) && !probe.empty();
            }
            capture.set(CAP_PROP_POS_FRAMES, 0);
        }
        if (!readable) {
            capture.close();
            throw new SourceUnavailableException("Cannot play " + file
                    + ": it is not a video OpenCV can read (try an MJPG .avi or an .mp4).");
        }
        double fps = capture.get(CAP_PROP_FPS);
        return new FileSource(capture, file, fps > 0 && fps <= 240 ? fps : FALLBACK_FPS);
    }

    @Override
    public CapturedFrame next() {
        Mat image = new Mat();
        if (!capture.read(image) || image.empty()) {
            // At the end: play it again.
            capture.set(CAP_PROP_POS_FRAMES, 0);
            if (!capture.read(image) || image.empty()) {
                image.close();
                throw new SourceUnavailableException("The video file " + file + " cannot be read any more.");
            }
        }
        return new CapturedFrame(image, ++number, Clock.nowMicros());
    }

    @Override
    public double framesPerSecond() {
        return fps;
    }

    @Override
    public String description() {
        return "file " + file.getFileName();
    }

    @Override
    public void close() {
        if (!capture.isNull()) {
            capture.release();
            capture.close();
        }
    }
}
