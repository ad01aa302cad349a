package dev.duplex.core.internal.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what backpressure did, shareable between many connections (a relay sums all its
 * receivers in one instance). Thread-safe.
 */
public final class FlowCounters {
    private final LongAdder videoDropped = new LongAdder();
    private final LongAdder messagesQueued = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private final LongAdder audioDropped = new LongAdder();

    /** Video frames replaced by a newer frame of the same sender before they could be written. */
    public long videoDropped() {
        return videoDropped.sum();
    }

    /** Text/control frames that had to wait because the connection was not writable. */
    public long messagesQueued() {
        return messagesQueued.sum();
    }

    /** Audio frames dropped while waiting: older than the delay bound, or pushed out by newer ones. */
    public long audioDropped() {
        return audioDropped.sum();
    }

    /** Times a bounded text queue overflowed. */
    public long overflows() {
        return overflows.sum();
    }

    void videoDropped(int n) {
        videoDropped.add(n);
    }

    void messageQueued() {
        messagesQueued.increment();
    }

    void audioDropped(int n) {
        audioDropped.add(n);
    }

    void overflow() {
        overflows.increment();
    }
}
