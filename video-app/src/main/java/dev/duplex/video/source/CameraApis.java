package dev.duplex.video.source;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_ANY;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_AVFOUNDATION;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_DSHOW;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_MSMF;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_V4L2;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which OpenCV capture APIs open a camera on each system, best first, and what a person must allow
 * there. Windows: DirectShow first (opens in well under a second; Media Foundation, OpenCV's own
 * default, can take many seconds with some cameras), Media Foundation second. macOS: AVFoundation.
 * Linux: V4L2. Each list ends with OpenCV's automatic choice.
 */
final class CameraApis {
    /**
     * One capture API.
     *
     * @param id   OpenCV's {@code CAP_*} constant
     * @param name for logs
     */
    record Api(int id, String name) {
    }

    private static final Api ANY = new Api(CAP_ANY, "any");

    private CameraApis() {
    }

    /** The APIs to try on the system named {@code osName} (Java's {@code os.name}), best first. */
    static List<Api> forSystem(String osName) {
        return switch (system(osName)) {
            case WINDOWS -> List.of(new Api(CAP_DSHOW, "DirectShow"), new Api(CAP_MSMF, "Media Foundation"), ANY);
            case MAC -> List.of(new Api(CAP_AVFOUNDATION, "AVFoundation"), ANY);
            case LINUX -> List.of(new Api(CAP_V4L2, "V4L2"), ANY);
            case OTHER -> List.of(ANY);
        };
    }

    /**
     * What to check when no camera opens, beyond "connected and not in use": on macOS, the camera
     * permission of the program that started duplex (the first try only asks for it).
     */
    static Optional<String> permissionHint(String osName) {
        if (system(osName) == OperatingSystem.MAC) {
            return Optional.of("On macOS, allow camera access for the program that started duplex (Terminal, iTerm, or"
                    + " the duplex app) in System Settings > Privacy & Security > Camera, then start duplex again.");
        }
        return Optional.empty();
    }

    /** The running system's name, as {@link #forSystem} and {@link #permissionHint} take it. */
    static String currentSystem() {
        return System.getProperty("os.name", "");
    }

    /** Whether {@code osName} is Linux (where cameras are {@code /dev/videoN}). */
    static boolean isLinux(String osName) {
        return system(osName) == OperatingSystem.LINUX;
    }

    private enum OperatingSystem { WINDOWS, MAC, LINUX, OTHER }

    private static OperatingSystem system(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return OperatingSystem.WINDOWS;
        }
        if (os.startsWith("mac")) {
            return OperatingSystem.MAC;
        }
        return os.contains("linux") ? OperatingSystem.LINUX : OperatingSystem.OTHER;
    }
}
