package dev.duplex.core.session;

import dev.duplex.core.internal.Checks;
import dev.duplex.core.internal.transport.LinkStats;
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
 * <p>Frames sent less than one round trip ago ({@link #pathRtt}: the smallest the heartbeats
 * measured, plus a bounded share of the queue the latest one met, {@link LinkStats#receiptDelayMicros}) do not
 * count against the window, up to the frames a {@value #PATH_FPS} fps stream has on the path in that
 * time: their receipts cannot be back yet. Without that, a window of
 * {@code size} frames would cap the frame rate at {@code size} per round trip (13 fps with 2
 * frames and 150 ms); with it, {@code size} frames may wait for or be in the peer's decoder beyond
 * what the path itself holds. On loopback (a round trip well under 17 ms) nothing changes. At most
 * {@value #TRACKED} frames are tracked; more unfinished frames than that count as a full window.
 * Thread-safe: the encoder waits, the event loop reports receipts.
 */
final class VideoWindow {
    /** How long a full window may go without a receipt before one more frame is let through. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Send times kept, for frames sent and not yet finished. */
    static final int TRACKED = 128;
    /** The frame rate whose frames within one round trip are not counted (at most). */
    static final int PATH_FPS = 60;

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
    /** Send time of frame {@code s} at {@code s % TRACKED}. */
    private final long[] sentAt = new long[TRACKED];
    /** The path's round trip (no queues), or 0 while unknown. */
    private long pathRttNanos;

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
            pathRttNanos = 0;
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
                long now = System.nanoTime();
                if (lastSent - finished >= size) {
                    // Let through by the stall rule: the silence starts again from here.
                    lastProgressNanos = now;
                }
                for (long s = Math.max(lastSent + 1, sequence - TRACKED + 1); s <= sequence; s++) {
                    sentAt[(int) (s % TRACKED)] = now;
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

    /** The path's round trip without queues, as the heartbeats measured it (ignored when not positive). */
    void pathRtt(long micros) {
        if (micros <= 0) {
            return;
        }
        lock.lock();
        try {
            pathRttNanos = TimeUnit.MICROSECONDS.toNanos(micros);
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
     * connection and fewer than {@code size} frames unfinished, not counting those sent within the
     * path's round trip; or the peer silent for the stall time.
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
                if (!handingOff && !full(now)) {
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

    /**
     * True if {@code size} unfinished frames were sent at least one path round trip ago, or
     * {@code size} plus the frames of a {@value #PATH_FPS} fps stream within one round trip are
     * unfinished (or more than {@value #TRACKED}). Frames only ever get older, so only a receipt or
     * a reset opens it. Under the lock.
     */
    private boolean full(long now) {
        long unfinished = lastSent - finished;
        long onThePath = pathRttNanos * PATH_FPS / 1_000_000_000L;
        if (unfinished < size) {
            return false;
        }
        if (unfinished >= size + onThePath || unfinished > TRACKED) {
            return true;
        }
        int old = 0;
        for (long s = finished + 1; s <= lastSent; s++) {
            if (now - sentAt[(int) (s % TRACKED)] >= pathRttNanos && ++old >= size) {
                return true;
            }
        }
        return false;
    }

    /** The session is over: never hold an encoder again. */
    void close() {
        reset(false);
    }
}
