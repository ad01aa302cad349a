package dev.duplex.video.pipeline;

import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.awt.image.BufferedImage;

/**
 * Where a call's pictures and news go: the Swing window, or the headless printer. Each method is
 * called from a pipeline thread (named below) and must return quickly; a UI keeps only the latest
 * of each and repaints on its own thread.
 */
public interface DisplaySink {

    /** Called once by the call, before any frame, with the counters to report shown frames to. */
    default void attach(CallStats stats) {
    }

    /**
     * A decoded remote frame (decoder thread). The sink calls {@code CallStats.onDisplayed} when it
     * shows it, and {@link DecodedFrame#recycle()} once it will never paint it again (optional: it
     * lets the decoder reuse the picture instead of allocating one per frame).
     */
    void showRemote(DecodedFrame frame);

    /** True if {@link #showPreview} is wanted (it costs a copy per preview frame). */
    default boolean wantsPreview() {
        return false;
    }

    /** A small copy of the local picture (encoder thread). */
    default void showPreview(BufferedImage image) {
    }

    /** A remote sender left (event loop: never block): it has no picture any more, even if a late frame comes. */
    default void remoteLeft(String sender) {
    }

    /** A remote sender joined, or is there after a (re)connection (event loop: never block). */
    default void remoteJoined(String sender) {
    }

    /** The connection is down: no remote sender is live any more (event loop: never block). */
    default void remotesCleared() {
    }

    /** A sentence about the connection for the person (any thread). */
    default void status(String sentence) {
    }

    /** The numbers of the last second (stats thread). */
    default void stats(StatsSnapshot snapshot) {
    }
}
