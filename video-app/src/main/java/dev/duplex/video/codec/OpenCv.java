package dev.duplex.video.codec;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_videoio;

/**
 * Loads OpenCV's native libraries up front. The first use of each module loads (and the first run
 * on a machine extracts) its libraries, which takes seconds: done before a call starts, that time
 * does not show up as the latency of its first frames.
 */
public final class OpenCv {
    private OpenCv() {
    }

    /** Loads the modules video-app uses. Idempotent and thread-safe (JavaCPP's loader is). */
    public static void load() {
        Loader.load(opencv_core.class);
        Loader.load(opencv_imgproc.class);
        Loader.load(opencv_imgcodecs.class);
        Loader.load(opencv_videoio.class);
    }
}
