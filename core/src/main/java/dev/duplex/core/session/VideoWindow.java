package dev.duplex.core.session;

import dev.duplex.core.internal.Checks;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending side of receiver-driven video flow control: how many of this side's frames the peer
 * has not finished with yet, from the VIDEO sequence numbers sent and the peer's VIDEO_RECEIPTs.
 * The encoder waits in {@link #await} while {@code size} frames are unfinished, so no frame is
 * encoded only to be replaced unseen at a slower receiver. Frames dropped on this side (replaced
 * before they were written) only make the count too high until the next receipt, never too low.
 * If the peer stays silent for {@link #STALL_NANOS} (1 s) with the window full, one more frame is let
 * through each time, so a peer that loses track of a frame slows video down but never freezes it.
 * Thread-safe: the encoder waits, the event loop reports receipts.
 */
final class VideoWindow {
    /** How long a full window may go without a receipt before one more frame is let through. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int size;
    private final long stallNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private boolean active;
    private long lastSent;
    private long finished;
    private long lastProgressNanos = System.nanoTime();
    private boolean handingOff;

    /** @param size most unfinished frames (expected: &gt; 0) */
    VideoWindow(int size) {
        this(size, STALL_NANOS);
    }

    /** @param stallNanos how long a full window waits for a receipt before letting one frame through */
    VideoWindow(int size, long stallNanos) {
        this.size = Checks.positive("size", size);
        this.stallNanos = stallNanos;
    }

    /** A new connection: flow control applies to it if {@code peerSendsReceipts}; nothing is in flight. */
    void reset(boolean peerSendsReceipts) {
        lock.lock();
        try {
            active = peerSendsReceipts;
            finished = lastSent;
            handingOff = false;
            lastProgressNanos = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The frame with {@code sequence} was handed to the connection. */
    void sent(long sequence) {
        lock.lock();
        try {
            if (sequence > lastSent) {
                if (lastSent - finished >= size) {
                    // Let through by the stall rule: the silence starts again from here.
                    lastProgressNanos = System.nanoTime();
                }
                lastSent = sequence;
            }
            handingOff = true;
        } finally {
            lock.unlock();
        }
    }

    /** The last frame sent left the session's hand-off slot for the connection (or was released). */
    void handedOff() {
        lock.lock();
        try {
            handingOff = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The peer finished with every frame up to {@code sequence} (a receipt beyond what was sent counts as all). */
    void finished(long sequence) {
        lock.lock();
        try {
            long value = Math.min(sequence, lastSent);
            if (value > finished) {
                finished = value;
                lastProgressNanos = System.nanoTime();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Frames sent that the peer has not reported finished (0 when flow control is off). */
    int unfinished() {
        lock.lock();
        try {
            return active ? (int) Math.min(Integer.MAX_VALUE, lastSent - finished) : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a frame may be encoded: flow control off; or the last frame handed to the
     * connection and fewer than {@code size} frames unfinished; or the peer silent for the stall time.
     *
     * @return true if a frame may be encoded now, false on timeout
     */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                if (!active) {
                    return true;
                }
                // A frame still waiting to be handed to the connection would be replaced by the next.
                if (!handingOff && lastSent - finished < size) {
                    return true;
                }
                long stallEnds = lastProgressNanos + stallNanos;
                if (now - stallEnds >= 0) {
                    return true;
                }
                long left = Math.min(deadline, stallEnds) - now;
                if (deadline - now <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The session is over: never hold an encoder again. */
    void close() {
        reset(false);
    }
}
