package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Texts sent but not yet acknowledged, in sending order, bounded. They are written again after a
 * reconnect (same message ids, so the relay stores and shows each once) and leave the outbox only
 * when acknowledged or when the session ends for good.
 */
final class Outbox {
    /** One unacknowledged text. */
    static final class Entry {
        private final long messageId;
        private final long timestampMicros;
        private final String body;
        private final CompletableFuture<Delivery> delivery;
        /** The connection it was last written to (event loop only), so that one connection gets it once. */
        Channel writtenTo;

        Entry(long messageId, long timestampMicros, String body, CompletableFuture<Delivery> delivery) {
            this.messageId = messageId;
            this.timestampMicros = timestampMicros;
            this.body = body;
            this.delivery = delivery;
        }

        long messageId() {
            return messageId;
        }

        long timestampMicros() {
            return timestampMicros;
        }

        String body() {
            return body;
        }

        CompletableFuture<Delivery> delivery() {
            return delivery;
        }
    }

    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final int capacity;

    Outbox(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an entry, or returns false if the outbox is full. Safe from any thread. */
    synchronized boolean offer(Entry entry) {
        if (entries.size() >= capacity) {
            return false;
        }
        entries.put(entry.messageId(), entry);
        return true;
    }

    int size() {
        return entries.size();
    }

    Entry get(long messageId) {
        return entries.get(messageId);
    }

    /** Completes and removes the entry for an acknowledged message; false if it was not waiting. */
    boolean acknowledge(long messageId, long roomSequence) {
        Entry entry = entries.remove(messageId);
        if (entry == null) {
            return false;
        }
        entry.delivery().complete(new Delivery(messageId, roomSequence));
        return true;
    }

    /** Removes and fails one entry. */
    void fail(long messageId, DuplexException cause) {
        Entry entry = entries.remove(messageId);
        if (entry != null) {
            entry.delivery().completeExceptionally(cause);
        }
    }

    /** Everything waiting, oldest first (to write again after a reconnect). */
    List<Entry> pending() {
        return new ArrayList<>(entries.values());
    }

    /** Fails and removes everything waiting. */
    void failAll(Status reason) {
        for (Long id : entries.keySet()) {
            fail(id, new DuplexException(reason));
        }
    }
}
