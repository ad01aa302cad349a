package dev.duplex.video.pipeline;

/** Where encoded frames go: the current session's {@code sendVideo} (never blocks). */
@FunctionalInterface
public interface FrameSender {
    /**
     * Offers one JPEG frame.
     *
     * @return false if there is no one to send to right now
     * @throws IllegalArgumentException if the frame is over the connection's video frame limit
     */
    boolean send(int width, int height, long captureMicros, byte[] jpeg);
}
