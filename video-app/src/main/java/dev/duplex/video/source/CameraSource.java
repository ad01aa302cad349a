package dev.duplex.video.source;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_ANY;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_HEIGHT;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_WIDTH;

import dev.duplex.core.transport.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/**
 * A camera through OpenCV's {@link VideoCapture}, by device index. Opening fails with a sentence
 * when there is no such camera; the device is released by {@link #close()}.
 */
public final class CameraSource implements FrameSource {
    private final VideoCapture capture;
    private final int device;
    private final double fps;
    private long number;

    private CameraSource(VideoCapture capture, int device, double fps) {
        this.capture = capture;
        this.device = device;
        this.fps = fps;
    }

    /**
     * Opens camera {@code device}, asking for the given size and rate (the camera may choose
     * others).
     *
     * @throws SourceUnavailableException if it cannot be opened
     */
    public static CameraSource open(int device, int width, int height, double fps) {
        if (device < 0) {
            throw new IllegalArgumentException("device: " + device + " (expected: >= 0)");
        }
        if (isLinux() && !Files.exists(Path.of("/dev/video" + device))) {
            // Asking OpenCV would only print backend warnings for a device that is not there.
            throw notFound(device);
        }
        VideoCapture capture = new VideoCapture(device, CAP_ANY);
        if (!capture.isOpened()) {
            capture.close();
            throw notFound(device);
        }
        capture.set(CAP_PROP_FRAME_WIDTH, width);
        capture.set(CAP_PROP_FRAME_HEIGHT, height);
        capture.set(CAP_PROP_FPS, fps);
        double actual = capture.get(CAP_PROP_FPS);
        return new CameraSource(capture, device, actual > 0 && actual <= 240 ? Math.min(actual, fps) : fps);
    }

    private static SourceUnavailableException notFound(int device) {
        return new SourceUnavailableException("No camera could be opened at index " + device
                + ": check that it is connected and not in use by another program, choose another with --device, "
                + "or use --source synthetic.");
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    @Override
    public CapturedFrame next() {
        Mat image = new Mat();
        if (!capture.read(image) || image.empty()) {
            image.close();
            return null;
        }
        return new CapturedFrame(image, ++number, Clock.nowMicros());
    }

    @Override
    public double framesPerSecond() {
        return fps;
    }

    @Override
    public String description() {
        return "camera " + device;
    }

    @Override
    public void close() {
        if (!capture.isNull()) {
            capture.release();
            capture.close();
        }
    }
}
