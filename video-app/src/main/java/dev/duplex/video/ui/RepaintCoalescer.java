package dev.duplex.video.ui;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.SwingUtilities;

/**
 * Turns any number of "something changed" requests from other threads into at most one pending
 * {@code invokeLater}: the EDT runs the update once and reads the latest state, instead of being
 * flooded with one task per frame.
 */
final class RepaintCoalescer {
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Runnable update;

    /** @param update runs on the EDT, reads the latest state */
    RepaintCoalescer(Runnable update) {
        this.update = update;
    }

    /** Asks for one update; does nothing if one is already pending. Any thread; never blocks. */
    void request() {
        if (pending.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                // Cleared first: a request arriving during the update schedules the next one.
                pending.set(false);
                update.run();
            });
        }
    }
}
