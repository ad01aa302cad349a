package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;
import java.util.concurrent.TimeUnit;

/**
 * A relay's video flow control towards one receiver: the VIDEO frames forwarded to it that its
 * VIDEO_RECEIPTs have not yet reported finished, whoever sent them (the way to the receiver is
 * one link, shared by every sender's frames). The next frame may go while both hold:
 * <ul>
 *   <li><b>By count</b>: fewer than {@code size} unfinished frames were forwarded at least one
 *       round trip ago (those younger cannot have a receipt back yet), and fewer than {@code size}
 *       plus a {@value #PATH_FPS} fps stream's frames of one round trip are unfinished.</li>
 *   <li><b>By bytes</b>, once receipts have shown how fast the receiver finishes frames (bytes per
 *       second, measured over {@code RATE_INTERVAL_NANOS} at least, the highest of the last
 *       {@value #RATE_SAMPLES} measurements, so that a pause of the senders does not shrink it):
 *       nothing is unfinished, or fewer bytes than twice what it finishes in one round trip. What
 *       the receiver is sent so grows by up to twice per measurement when its senders send more. A
 *       receiver behind a link on which a frame takes longer than the round trip (a 46 KB frame takes
 *       0.74 s at 500 kbit/s) so gets one frame at a time, the next one the newest when it goes,
 *       instead of a second one waiting behind the first; one whose frames cross quickly gets as
 *       many as the count allows.</li>
 * </ul>
 * Otherwise the frame waits in its sender's slot, where a newer one replaces it. So what queues on
 * the way to a slow receiver is about what its link carries in a round trip, not a router's
 * buffer full of frames getting older. A receiver silent for {@link #STALL_NANOS} with the window
 * full gets one more frame each time: a lost receipt slows its video, never freezes it.
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
    /** How long the bytes finished are summed for one measurement of the receiver's rate. */
    static final long RATE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Measurements of the rate kept: the window uses the highest of them (about the last two seconds). */
    static final int RATE_SAMPLES = 4;
    /** Unfinished bytes allowed, in multiples of what the receiver finishes in one round trip. */
    static final int BYTES_WINDOW = 2;

    private final int size;
    private final long stallNanos;
    /** Unfinished frames in the order forwarded, oldest first: their sender, sequence, size and time. */
    private final String[] senders = new String[TRACKED];
    private final long[] sequences = new long[TRACKED];
    private final int[] sizes = new int[TRACKED];
    private final long[] forwardedAt = new long[TRACKED];
    private int count;
    private long unfinishedBytes;
    private long lastProgressNanos;
    /** Bytes the receiver finished per second, the last {@value #RATE_SAMPLES} measurements; 0 before one. */
    private final double[] rates = new double[RATE_SAMPLES];
    private int rateCount;
    private long rateSince;
    private long finishedSince;

    /**
     * @param size       unfinished frames older than a round trip that close the window (&gt; 0)
     * @param stallNanos how long a full window waits for a receipt before letting one frame through
     * @param nowNanos   the clock's reading at the start
     */
    ReceiptWindow(int size, long stallNanos, long nowNanos) {
        this.size = Checks.positive("size", size);
        this.stallNanos = stallNanos;
        this.lastProgressNanos = nowNanos;
        this.rateSince = nowNanos;
    }

    /** Frames forwarded and not yet reported finished. */
    int unfinished() {
        return count;
    }

    /** Bytes of the frames forwarded and not yet reported finished. */
    long unfinishedBytes() {
        return unfinishedBytes;
    }

    /** The frame {@code sequence} of {@code sender}, {@code bytes} long, was forwarded at {@code nowNanos}. */
    void forwarded(String sender, long sequence, int bytes, long nowNanos, long pathNanos) {
        if (!mayGo(nowNanos, pathNanos)) {
            // Let through by the stall rule: the silence starts again from here.
            lastProgressNanos = nowNanos;
        }
        if (count == TRACKED) {
            remove(0);
        }
        int at = count++;
        senders[at] = sender;
        sequences[at] = sequence;
        sizes[at] = bytes;
        forwardedAt[at] = nowNanos;
        unfinishedBytes += bytes;
    }

    /**
     * The receiver finished with every frame of {@code sender} up to {@code sequence}. Returns true
     * if that finished a frame forwarded here (a receipt for frames it never got changes nothing).
     */
    boolean finished(String sender, long sequence, long nowNanos) {
        boolean any = false;
        long bytes = 0;
        for (int i = 0; i < count; ) {
            if (sequences[i] <= sequence && sender.equals(senders[i])) {
                any = true;
                bytes += sizes[i];
                remove(i);
            } else {
                i++;
            }
        }
        if (!any) {
            return false;
        }
        lastProgressNanos = nowNanos;
        finishedSince += bytes;
        long elapsed = nowNanos - rateSince;
        if (elapsed >= RATE_INTERVAL_NANOS) {
            rates[rateCount++ % RATE_SAMPLES] = finishedSince * 1e9 / elapsed;
            rateSince = nowNanos;
            finishedSince = 0;
        }
        return true;
    }

    /** True if a frame may be forwarded now: the window is open, or the receiver was silent for the stall time. */
    boolean open(long nowNanos, long pathNanos) {
        return mayGo(nowNanos, pathNanos) || nowNanos - lastProgressNanos >= stallNanos;
    }

    /** When the stall rule opens a full window if no receipt comes first. */
    long stallEndsNanos() {
        return lastProgressNanos + stallNanos;
    }

    private boolean mayGo(long nowNanos, long pathNanos) {
        return !fullByCount(nowNanos, pathNanos) && !fullByBytes(pathNanos);
    }

    /** Something is unfinished, and at least twice the bytes the receiver finishes in one round trip. */
    private boolean fullByBytes(long pathNanos) {
        double rate = 0;
        for (int i = 0; i < Math.min(rateCount, RATE_SAMPLES); i++) {
            rate = Math.max(rate, rates[i]);
        }
        if (count == 0 || rate <= 0 || pathNanos <= 0) {
            return false;
        }
        return unfinishedBytes >= BYTES_WINDOW * rate * pathNanos / 1e9;
    }

    /**
     * {@code size} frames forwarded at least {@code pathNanos} ago are unfinished, or {@code size}
     * plus the frames of a {@value #PATH_FPS} fps stream within {@code pathNanos}.
     */
    private boolean fullByCount(long nowNanos, long pathNanos) {
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
        unfinishedBytes -= sizes[i];
        int after = count - i - 1;
        System.arraycopy(senders, i + 1, senders, i, after);
        System.arraycopy(sequences, i + 1, sequences, i, after);
        System.arraycopy(sizes, i + 1, sizes, i, after);
        System.arraycopy(forwardedAt, i + 1, forwardedAt, i, after);
        senders[--count] = null;
    }
}
