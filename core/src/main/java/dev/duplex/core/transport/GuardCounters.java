package dev.duplex.core.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the abuse guards did, summed over a server's connections. Thread-safe.
 */
public final class GuardCounters {
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder readPauses = new LongAdder();

    /** Connections refused by a connection limit ({@link ConnectionLimiter}). */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /** Connections cut off for going over a rate limit ({@link RateLimitHandler}). */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** Times reading from a connection was paused because its output could not be delivered ({@link ReadGateHandler}). */
    public long readPauses() {
        return readPauses.sum();
    }

    void refused() {
        refusedConnections.increment();
    }

    void limited() {
        rateLimited.increment();
    }

    void paused() {
        readPauses.increment();
    }

    @Override
    public String toString() {
        return "GuardCounters[refusedConnections=" + refusedConnections() + ", rateLimited=" + rateLimited()
                + ", readPauses=" + readPauses() + "]";
    }
}
