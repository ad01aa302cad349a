package dev.duplex.video.source;

import dev.duplex.video.codec.OpenCv;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link FrameSource} a {@link SourceSpec} asks for. {@code auto} tries the camera and
 * falls back to the synthetic pattern with a notice; an explicitly requested camera or file that
 * cannot be opened is an error with a sentence.
 */
public final class Sources {
    /** The notice given when {@code auto} falls back to the pattern. */
    public static final String NO_CAMERA_NOTICE = "No camera found; using the synthetic test pattern.";

    private static final Logger log = LoggerFactory.getLogger(Sources.class);

    private Sources() {
    }

    /**
     * Opens a source.
     *
     * @param spec   what to open
     * @param device camera index (for camera and auto)
     * @param width  wished width (the synthetic pattern's size, a camera's request)
     * @param height wished height
     * @param fps    wished frame rate
     * @param label  drawn into the synthetic pattern (the sender's name)
     * @param notice receives sentences for the person (the camera fallback)
     * @throws SourceUnavailableException if an explicitly requested camera or file cannot be opened
     */
    public static FrameSource open(SourceSpec spec, int device, int width, int height, double fps, String label,
                                   Consumer<String> notice) {
        OpenCv.load();
        return switch (spec.kind()) {
            case SYNTHETIC -> new SyntheticSource(width, height, fps, label);
            case CAMERA -> CameraSource.open(device, width, height, fps);
            case FILE -> FileSource.open(spec.file());
            case AUTO -> {
                try {
                    yield CameraSource.open(device, width, height, fps);
                } catch (SourceUnavailableException e) {
                    log.debug("No camera: {}", e.getMessage());
                    notice.accept(NO_CAMERA_NOTICE + CameraApis.permissionHint(CameraApis.currentSystem())
                            .map(hint -> " " + hint).orElse(""));
                    yield new SyntheticSource(width, height, fps, label);
                }
            }
        };
    }
}
