package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;
import java.util.concurrent.TimeUnit;

/**
 * A relay's video flow control towards one receiver: the VIDEO frames forwarded to it that its
 * VIDEO_RECEIPTs have not yet reported finished, whoever sent them (the way to the receiver is
 * one link, shared by every sender's frames). The relay lets the next frame go while fewer than
 * {@code size} of them were forwarded at least one round trip ago (those younger cannot have a
 * receipt back yet) and fewer than {@code size} plus a {@value #PATH_FPS} fps stream's frames of one
 * round trip are unfinished; else the frame waits in its sender's slot, where a newer one replaces
 * it. So what queues on the way to a slow receiver is a few frames, not a router's buffer full of
 * them getting older. A receiver silent for {@link #STALL_NANOS} with the window full gets one more
 * frame each time: a lost receipt slows its video, never freezes it.
 * <p>At most {@value #TRACKED} frames are tracked (the oldest beyond that counts as finished: a
 * window that large is never full by count anyway). Confined to the connection's event loop.
 */
final class ReceiptWindow {
    /** How long a full window may go without a receipt before one more frame is let through. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Frames tracked at most. */
    static final int TRACKED = 128;
    /** The frame rate whose frames within one round trip are not counted (at most). */
    static final int PATH_FPS = 60;

    private final int size;
    private final long stallNanos;
    /** Unfinished frames in the order forwarded, oldest first: their sender, sequence and time. */
    private final String[] senders = new String[TRACKED];
    private final long[] sequences = new long[TRACKED];
    private final long[] forwardedAt = new long[TRACKED];
    private int count;
    private long lastProgressNanos;

    /**
     * @param size       unfinished frames older than a round trip that close the window (&gt; 0)
     * @param stallNanos how long a full window waits for a receipt before letting one frame through
     * @param nowNanos   the clock's reading at the start
     */
    ReceiptWindow(int size, long stallNanos, long nowNanos) {
        this.size = Checks.positive("size", size);
        this.stallNanos = stallNanos;
        this.lastProgressNanos = nowNanos;
    }

    /** Frames forwarded and not yet reported finished. */
    int unfinished() {
        return count;
    }

    /** The frame {@code sequence} of {@code sender} was forwarded at {@code nowNanos}. */
    void forwarded(String sender, long sequence, long nowNanos, long pathNanos) {
        if (full(nowNanos, pathNanos)) {
            // Let through by the stall rule: the silence starts again from here.
            lastProgressNanos = nowNanos;
        }
        if (count == TRACKED) {
            remove(0);
        }
        int at = count++;
        senders[at] = sender;
        sequences[at] = sequence;
        forwardedAt[at] = nowNanos;
    }

    /**
     * The receiver finished with every frame of {@code sender} up to {@code sequence}. Returns true
     * if that finished a frame forwarded here (a receipt for frames it never got changes nothing).
     */
    boolean finished(String sender, long sequence, long nowNanos) {
        boolean any = false;
        for (int i = 0; i < count; ) {
            int at = i;
            if (sequences[at] <= sequence && sender.equals(senders[at])) {
                remove(i);
                any = true;
            } else {
                i++;
            }
        }
        if (any) {
            lastProgressNanos = nowNanos;
        }
        return any;
    }

    /** True if a frame may be forwarded now: the window is not full, or the receiver was silent for the stall time. */
    boolean open(long nowNanos, long pathNanos) {
        return !full(nowNanos, pathNanos) || nowNanos - lastProgressNanos >= stallNanos;
    }

    /** When the stall rule opens a full window if no receipt comes first. */
    long stallEndsNanos() {
        return lastProgressNanos + stallNanos;
    }

    /**
     * {@code size} frames forwarded at least {@code pathNanos} ago are unfinished, or {@code size}
     * plus the frames of a {@value #PATH_FPS} fps stream within {@code pathNanos}.
     */
    private boolean full(long nowNanos, long pathNanos) {
        if (count < size) {
            return false;
        }
        if (count >= size + pathNanos * PATH_FPS / 1_000_000_000L) {
            return true;
        }
        int old = 0;
        for (int i = 0; i < count; i++) {
            if (nowNanos - forwardedAt[i] >= pathNanos && ++old >= size) {
                return true;
            }
        }
        return false;
    }

    /** Removes the {@code i}-th oldest, keeping the order of the rest. */
    private void remove(int i) {
        int after = count - i - 1;
        System.arraycopy(senders, i + 1, senders, i, after);
        System.arraycopy(sequences, i + 1, sequences, i, after);
        System.arraycopy(forwardedAt, i + 1, forwardedAt, i, after);
        senders[--count] = null;
    }
}
