package dev.duplex.video.pipeline;

import java.util.concurrent.TimeUnit;

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

    /**
     * Waits until the receiver's flow control lets another frame be encoded
     * ({@code Session.awaitVideoWindow}); true at once where there is none.
     *
     * @return true if a frame may be encoded now, false if {@code timeout} passed first
     */
    default boolean awaitWindow(long timeout, TimeUnit unit) throws InterruptedException {
        return true;
    }
}
