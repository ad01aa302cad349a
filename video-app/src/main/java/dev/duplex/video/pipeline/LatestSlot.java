package dev.duplex.video.pipeline;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A hand-off of capacity one between a producer and one consumer thread where the newest item
 * wins: {@link #offer} never blocks, and an item not taken yet is replaced, handed to the discard
 * action (which releases it and counts the drop) and counted in {@link #dropped()}.
 *
 * <p>This is the "latest slot" at every video hand-off: a slow consumer sees fewer frames, never
 * older ones, and the memory held is one item whatever the rates.
 *
 * @param <T> what is handed over
 */
public final class LatestSlot<T> implements AutoCloseable {
    private final AtomicReference<T> item = new AtomicReference<>();
    // At most about one permit: offer releases only when none is available.
    private final Semaphore signal = new Semaphore(0);
    private final Consumer<? super T> discard;
    private final LongAdder offered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    /**
     * @param discard called with every item that will never be taken (replaced, or left at close);
     *                it must not block, since producers may be event loops
     */
    public LatestSlot(Consumer<? super T> discard) {
        this.discard = Objects.requireNonNull(discard, "discard");
    }

    /**
     * Puts {@code value} in the slot, replacing (and discarding) an item not taken yet. Never
     * blocks. After {@link #close()} the value is discarded at once.
     *
     * @return false if the slot is closed
     */
    public boolean offer(T value) {
        Objects.requireNonNull(value, "value");
        if (closed) {
            discard.accept(value);
            return false;
        }
        offered.increment();
        T replaced = item.getAndSet(value);
        if (replaced != null) {
            dropped.increment();
            discard.accept(replaced);
        }
        if (closed) {
            // close() ran concurrently: make sure nothing stays behind.
            drain();
            return false;
        }
        if (signal.availablePermits() == 0) {
            signal.release();
        }
        return true;
    }

    /** Takes the item if there is one, without waiting. */
    public T poll() {
        return item.getAndSet(null);
    }

    /**
     * Takes the item, waiting at most {@code timeout} for one.
     *
     * @return the item, or {@code null} on timeout or when closed
     */
    public T take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            signal.drainPermits();
            T value = item.getAndSet(null);
            if (value != null) {
                return value;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return null;
            }
            signal.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
    }

    /** True if an item is waiting. */
    public boolean isFull() {
        return item.get() != null;
    }

    /** Items offered so far. */
    public long offered() {
        return offered.sum();
    }

    /** Items replaced before they were taken. */
    public long dropped() {
        return dropped.sum();
    }

    /** Discards the waiting item and refuses (discards) later offers; wakes a waiting consumer. Idempotent. */
    @Override
    public void close() {
        closed = true;
        drain();
        signal.release();
    }

    private void drain() {
        T left = item.getAndSet(null);
        if (left != null) {
            discard.accept(left);
        }
    }
}
