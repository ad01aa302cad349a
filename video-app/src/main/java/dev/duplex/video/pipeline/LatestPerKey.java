package dev.duplex.video.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One latest-wins slot per key (per remote sender), drained together by one consumer:
 * the receive side of the video pipeline. Offering never blocks; a newer item for a key replaces
 * the one waiting (discarded and counted). The number of keys with a waiting item is bounded by
 * {@code maxKeys}; an item for a new key beyond that is refused (discarded and counted).
 *
 * @param <K> the key (sender name)
 * @param <T> what is handed over
 */
public final class LatestPerKey<K, T> implements AutoCloseable {
    private final ConcurrentHashMap<K, T> items = new ConcurrentHashMap<>();
    private final Semaphore signal = new Semaphore(0);
    private final int maxKeys;
    private final Consumer<? super T> discard;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile boolean closed;

    /**
     * @param maxKeys most keys with a waiting item (expected: &gt; 0)
     * @param discard called with every item that will never be taken; must not block
     */
    public LatestPerKey(int maxKeys, Consumer<? super T> discard) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: > 0)");
        }
        this.maxKeys = maxKeys;
        this.discard = Objects.requireNonNull(discard, "discard");
    }

    /**
     * Puts {@code value} as the latest item of {@code key}. Never blocks.
     *
     * @return false if refused (closed, or too many keys waiting)
     */
    public boolean offer(K key, T value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (closed || (!items.containsKey(key) && items.size() >= maxKeys)) {
            refused.increment();
            discard.accept(value);
            return false;
        }
        T replaced = items.put(key, value);
        if (replaced != null) {
            dropped.increment();
            discard.accept(replaced);
        }
        if (closed) {
            drain();
            return false;
        }
        if (signal.availablePermits() == 0) {
            signal.release();
        }
        return true;
    }

    /**
     * Takes the latest item of every key that has one, waiting at most {@code timeout} for at
     * least one.
     *
     * @return the items taken (empty on timeout or when closed); at most {@code maxKeys}
     */
    public List<T> takeAll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<T> taken = new ArrayList<>();
        while (true) {
            signal.drainPermits();
            for (K key : items.keySet()) {
                T value = items.remove(key);
                if (value != null) {
                    taken.add(value);
                }
            }
            if (!taken.isEmpty()) {
                return taken;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return taken;
            }
            signal.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
    }

    /** Takes the item of {@code key} if there is one, without waiting. */
    public T poll(K key) {
        return items.remove(key);
    }

    /** Items waiting now (at most one per key). */
    public int size() {
        return items.size();
    }

    /** Items replaced by a newer one of the same key before they were taken. */
    public long dropped() {
        return dropped.sum();
    }

    /** Items refused because the slot was closed or too many keys were waiting. */
    public long refused() {
        return refused.sum();
    }

    /** Discards what waits, refuses later offers, wakes the consumer. Idempotent. */
    @Override
    public void close() {
        closed = true;
        drain();
        signal.release();
    }

    private void drain() {
        for (K key : items.keySet()) {
            T value = items.remove(key);
            if (value != null) {
                discard.accept(value);
            }
        }
    }
}
