package dev.duplex.core.relay;

import java.util.concurrent.atomic.LongAdder;

/** Running totals of a relay, updated from every event loop. */
final class RelayCounters {
    final LongAdder textRelayed = new LongAdder();
    final LongAdder videoRelayed = new LongAdder();
    final LongAdder audioRelayed = new LongAdder();
    final LongAdder deliveries = new LongAdder();
}
