package dev.duplex.video.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A hand-off of capacity one between a producer and one consumer thread where the newest item
 * wins: {@link #offer} never blocks, and an item not taken yet is replaced, handed to the discard
 * action (which releases it and counts the drop) and counted in {@link #dropped()}.
 *
 * <p>This is the "latest slot" at every video hand-off: a slow consumer sees fewer frames, never
 * older ones, and the memory held is one item whatever the rates. It is a {@link LatestPerKey}
 * with a single key.
 *
 * @param <T> what is handed over
 */
public final class LatestSlot<T> implements AutoCloseable {
    private static final Object KEY = new Object();

    private final LatestPerKey<Object, T> slot;
    private final LongAdder offered = new LongAdder();

    /**
     * @param discard called with every item that will never be taken (replaced, or left at close);
     *                it must not block, since producers may be event loops
     */
    public LatestSlot(Consumer<? super T> discard) {
        this.slot = new LatestPerKey<>(1, Objects.requireNonNull(discard, "discard"));
    }

    /**
     * Puts {@code value} in the slot, replacing (and discarding) an item not taken yet. Never
     * blocks. After {@link #close()} the value is discarded at once.
     *
     * @return false if the slot is closed
     */
    public boolean offer(T value) {
        boolean accepted = slot.offer(KEY, value);
        if (accepted) {
            offered.increment();
        }
        return accepted;
    }

    /** Takes the item if there is one, without waiting. */
    public T poll() {
        return slot.poll(KEY);
    }

    /**
     * Takes the item, waiting at most {@code timeout} for one.
     *
     * @return the item, or {@code null} on timeout or when closed
     */
    public T take(long timeout, TimeUnit unit) throws InterruptedException {
        List<T> taken = slot.takeAll(timeout, unit);
        return taken.isEmpty() ? null : taken.get(0);
    }

    /** True if an item is waiting. */
    public boolean isFull() {
        return slot.size() > 0;
    }

    /** Items offered so far (while the slot was open). */
    public long offered() {
        return offered.sum();
    }

    /** Items replaced before they were taken. */
    public long dropped() {
        return slot.dropped();
    }

    /** Discards the waiting item and refuses (discards) later offers; wakes a waiting consumer. Idempotent. */
    @Override
    public void close() {
        slot.close();
    }
}
