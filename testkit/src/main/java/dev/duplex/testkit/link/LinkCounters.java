package dev.duplex.testkit.link;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What one direction of a {@link LinkEmulator} did, over all its connections; read from any thread. */
public final class LinkCounters {
    private final LongAdder delivered = new LongAdder();
    private final LongAdder pauses = new LongAdder();
    private final AtomicLong maxHeld = new AtomicLong();

    void delivered(int bytes) {
        delivered.add(bytes);
    }

    void paused() {
        pauses.increment();
    }

    void held(long bytes) {
        maxHeld.accumulateAndGet(bytes, Math::max);
    }

    /** Bytes written to the receiving side so far. */
    public long deliveredBytes() {
        return delivered.sum();
    }

    /** Times the emulator stopped reading from the sender because its queue or delay line was full. */
    public long pauses() {
        return pauses.sum();
    }

    /** Most bytes one connection held at once in this direction (queue and delay line). */
    public long maxHeldBytes() {
        return maxHeld.get();
    }
}
