package dev.duplex.bench.chat;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.relay.history.HistoryConfig;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The most TEXT messages per second the relay's history can take on this machine: appends to an
 * in-memory {@link MessageStore} (as the relay uses by default) from one thread with up to 5 000
 * waiting, no network. Every relayed TEXT goes through it before its fan-out, so this is a ceiling
 * on messages (not deliveries) per second.
 */
final class HistoryCeiling {
    private HistoryCeiling() {
    }

    static double messagesPerSecond(double seconds) throws InterruptedException {
        Semaphore inFlight = new Semaphore(5_000);
        LongAdder stored = new LongAdder();
        try (MessageStore store = MessageStore.open(null, HistoryConfig.DEFAULT)) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long id = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                id++;
                boolean queued = store.append("bench", "s" + (id & 3), id, id, "xxxxxxxxxxxxxxxx", a -> {
                    stored.increment();
                    inFlight.release();
                }, t -> inFlight.release());
                if (!queued) {
                    inFlight.release();
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return stored.sum() / wall;
        }
    }
}
