package dev.duplex.video.ui;

import dev.duplex.video.pipeline.DecodedFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest decoded frame of one remote sender, and which frame was last painted: the hand-off
 * between the decoder thread (writes) and the EDT (paints).
 *
 * <p>A replaced frame may still be in the middle of a paint, so it is not recycled at once: it
 * waits (at most {@link #MAX_RETIRED}; more are left to the garbage collector) until the EDT starts
 * its next paint of this feed, when no paint can still be using it (paints run one at a time on
 * the EDT, and a replaced frame is never the latest again).
 */
final class RemoteFeed {
    /** Most replaced frames waiting for the EDT to recycle them. */
    static final int MAX_RETIRED = 4;

    final String sender;
    final AtomicReference<DecodedFrame> latest = new AtomicReference<>();
    /** Written on the EDT only. */
    volatile long paintedSequence = -1;
    private final ArrayBlockingQueue<DecodedFrame> retired = new ArrayBlockingQueue<>(MAX_RETIRED);

    RemoteFeed(String sender) {
        this.sender = sender;
    }

    /** Puts {@code frame} as the one to paint; returns true if it replaced one never painted. */
    boolean offer(DecodedFrame frame) {
        DecodedFrame replaced = latest.getAndSet(frame);
        if (replaced == null) {
            return false;
        }
        // Not recycled when the queue is full: the garbage collector takes it instead.
        retired.offer(replaced);
        return replaced.sequence() != paintedSequence;
    }

    /** EDT, before a paint of this feed: the frames replaced since the last paint can be decoded into again. */
    void recycleRetired() {
        DecodedFrame old;
        while ((old = retired.poll()) != null) {
            old.recycle();
        }
    }

    /** Frames replaced and not recycled yet (at most {@link #MAX_RETIRED}). */
    int retiredCount() {
        return retired.size();
    }
}
