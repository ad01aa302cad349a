package dev.duplex.video.source;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_HEIGHT;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_WIDTH;

import dev.duplex.core.transport.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera through OpenCV's {@link VideoCapture}, by device index, opened with the capture API that
 * suits the system ({@link CameraApis}). Opening fails with a sentence when there is no such camera;
 * the device is released by {@link #close()}.
 */
public final class CameraSource implements FrameSource {
    private static final Logger log = LoggerFactory.getLogger(CameraSource.class);

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
        String os = CameraApis.currentSystem();
        if (CameraApis.isLinux(os) && !Files.exists(Path.of("/dev/video" + device))) {
            // Asking OpenCV would only print backend warnings for a device that is not there.
            throw notFound(device, os);
        }
        VideoCapture capture = openWithFirstWorkingApi(device, os);
        if (capture == null) {
            throw notFound(device, os);
        }
        capture.set(CAP_PROP_FRAME_WIDTH, width);
        capture.set(CAP_PROP_FRAME_HEIGHT, height);
        capture.set(CAP_PROP_FPS, fps);
        double actual = capture.get(CAP_PROP_FPS);
        return new CameraSource(capture, device, actual > 0 && actual <= 240 ? Math.min(actual, fps) : fps);
    }

    private static VideoCapture openWithFirstWorkingApi(int device, String os) {
        for (CameraApis.Api api : CameraApis.forSystem(os)) {
            VideoCapture capture = new VideoCapture(device, api.id());
            if (capture.isOpened()) {
                log.debug("Camera {} opened with {}", device, api.name());
                return capture;
            }
            capture.close();
        }
        return null;
    }

    /** The sentence for a camera that did not open on the system named {@code os}. */
    static SourceUnavailableException notFound(int device, String os) {
        return new SourceUnavailableException("No camera could be opened at index " + device
                + ": check that it is connected and not in use by another program, choose another with --device, "
                + "or use --source synthetic." + CameraApis.permissionHint(os).map(hint -> " " + hint).orElse(""));
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
