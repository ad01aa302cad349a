package dev.duplex.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Garbage collections of this JVM between construction and {@link #count()}/{@link #millis()}. */
public final class GcActivity {
    private final long count0 = total();
    private final long millis0 = totalMillis();

    /** Collections since construction. */
    public long count() {
        return total() - count0;
    }

    /** Milliseconds spent collecting since construction (pauses of the young and mixed collections). */
    public long millis() {
        return totalMillis() - millis0;
    }

    private static long total() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long totalMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
