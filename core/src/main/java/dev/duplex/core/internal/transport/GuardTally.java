package dev.duplex.core.internal.transport;

import dev.duplex.core.transport.GuardCounters;
import java.util.concurrent.atomic.LongAdder;

/** What the abuse guards did, summed over a server's connections as it happens. Thread-safe. */
public final class GuardTally {
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder readPauses = new LongAdder();

    /** The totals now. */
    public GuardCounters snapshot() {
        return new GuardCounters(refusedConnections.sum(), rateLimited.sum(), readPauses.sum());
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
}
