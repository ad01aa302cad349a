package dev.duplex.video.ui;

import dev.duplex.video.pipeline.DecodedFrame;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest decoded frame of one remote sender, and which frame was last painted: the hand-off
 * between the decoder thread (writes) and the EDT (paints).
 */
final class RemoteFeed {
    final String sender;
    final AtomicReference<DecodedFrame> latest = new AtomicReference<>();
    /** Written on the EDT only. */
    volatile long paintedSequence = -1;

    RemoteFeed(String sender) {
        this.sender = sender;
    }

    /** Puts {@code frame} as the one to paint; returns true if it replaced one never painted. */
    boolean offer(DecodedFrame frame) {
        DecodedFrame replaced = latest.getAndSet(frame);
        return replaced != null && replaced.sequence() != paintedSequence;
    }
}
