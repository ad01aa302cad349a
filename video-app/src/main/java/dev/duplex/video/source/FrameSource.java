package dev.duplex.video.source;

/**
 * Where local video comes from: a camera, a file or the synthetic pattern. One thread reads it
 * (the capture loop), which also closes it; nothing here is shared between threads.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * Reads the next picture. May block for about one frame interval (a camera waits for its
     * sensor).
     *
     * @return the frame, which the caller owns and closes, or {@code null} if none could be read
     *         this time
     * @throws SourceUnavailableException if the source has ended for good
     */
    CapturedFrame next();

    /** The rate the source delivers at by nature (a file's frame rate), or the rate asked for. */
    double framesPerSecond();

    /** What this is, for people: "camera 0", "synthetic test pattern", "file clip.avi". */
    String description();

    /** Releases the device, file or buffers. Idempotent. */
    @Override
    void close();
}
