package dev.duplex.core.session;

import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCounted;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A hand-off of one reference-counted item from any thread to an event loop, latest wins: an item
 * the loop has not taken yet is replaced by a newer one (released here, and reported), and each
 * hand-off into an empty slot schedules one task that takes what is there then. So the producer
 * never blocks and never queues more than one item. The session's video slot; a voice slot beside it
 * would be another.
 *
 * @param <T> what is handed over; the slot owns it until the loop takes it
 */
final class HandOffSlot<T extends ReferenceCounted> {
    private final AtomicReference<T> slot = new AtomicReference<>();
    private final EventLoop loop;
    private final Consumer<T> take;
    private final Runnable replaced;

    /**
     * @param take     on the loop: gets the item now in the slot, or null if it was cleared meanwhile;
     *                 owns what it gets
     * @param replaced called (on the offering thread) when an item was replaced before the loop took it
     */
    HandOffSlot(EventLoop loop, Consumer<T> take, Runnable replaced) {
        this.loop = loop;
        this.take = take;
        this.replaced = replaced;
    }

    /** Hands {@code item} over (any thread); the slot owns it from here. False if the loop is gone (it is released). */
    boolean offer(T item) {
        T old = slot.getAndSet(item);
        if (old != null) {
            old.release();
            replaced.run();
            return true;
        }
        try {
            loop.execute(() -> take.accept(slot.getAndSet(null)));
            return true;
        } catch (RejectedExecutionException e) {
            clear();
            return false;
        }
    }

    /** Releases what waits in the slot, if anything. */
    void clear() {
        T stale = slot.getAndSet(null);
        if (stale != null) {
            stale.release();
        }
    }
}
