package dev.duplex.core.internal.history;

import dev.duplex.core.relay.history.HistoryConfig;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the history writes: the appends of one batch in one transaction (each message numbered in its
 * room by {@link RoomSequences}, a resent one found under the number it has, every room kept within
 * its bound), rolled back with its numbers on a failure; and now and then the deletion of messages
 * past their age. Writer thread only.
 */
final class MessageWriter {
    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);
    private static final long AGE_SWEEP_MILLIS = 60_000;

    private final MessageTable table;
    private final RoomSequences sequences;
    private final HistoryConfig config;
    private final String description;
    private long lastAgeSweep;

    MessageWriter(MessageTable table, RoomSequences sequences, HistoryConfig config, String description) {
        this.table = table;
        this.sequences = sequences;
        this.config = config;
        this.description = description;
    }

    /**
     * Stores {@code appends} in one transaction.
     *
     * @return the outcome of each, in order
     * @throws SQLException if the transaction failed: it was rolled back, and so were the room numbers
     */
    List<MessageStore.Appended> commit(List<MessageStore.Append> appends) throws SQLException {
        List<MessageStore.Appended> results = new ArrayList<>(appends.size());
        // The rooms' last sequences before this transaction, to restore on a rollback.
        Map<String, Long> before = sequences.remember(appends.stream().map(MessageStore.Append::room).toList());
        Map<String, Long> newestStored = new TreeMap<>();
        try {
            // The relay's clock: a sender's wrong clock must not expire its message.
            long storedAtMicros = System.currentTimeMillis() * 1000;
            for (MessageStore.Append a : appends) {
                long seq = sequences.next(a.room());
                if (table.insert(a.room(), seq, a.sender(), a.senderKey(), a.messageId(), a.timestampMicros(), a.body(),
                        storedAtMicros)) {
                    newestStored.put(a.room(), seq);
                    results.add(new MessageStore.Appended(seq, false));
                } else {
                    sequences.unused(a.room(), seq);
                    results.add(new MessageStore.Appended(table.existingSequence(a.room(), a.senderKey(),
                            a.messageId()), true));
                }
            }
            capRooms(newestStored, before);
            table.commit();
            return results;
        } catch (SQLException e) {
            rollback();
            sequences.restore(before);
            throw e;
        }
    }

    /**
     * Keeps each room within {@code maxMessagesPerRoom} of its newest, deleting the oldest in chunks of
     * 1 % of that bound (at least one): a room holds between 99 % and 100 % of it. Deleting at every
     * commit instead touched the table's and both indexes' oldest pages in every transaction, which
     * doubled what each commit wrote to the WAL (and how often SQLite stopped the writer to checkpoint).
     *
     * @param before the rooms' last sequences before this transaction (null: not known, so delete)
     */
    private void capRooms(Map<String, Long> newestStored, Map<String, Long> before) throws SQLException {
        int cap = config.maxMessagesPerRoom();
        long chunk = Math.max(1, cap / 100);
        for (Map.Entry<String, Long> room : newestStored.entrySet()) {
            long keepAfter = roundUp(room.getValue() - cap, chunk);
            Long previous = before.get(room.getKey());
            boolean crossed = previous == null || keepAfter > roundUp(previous - cap, chunk);
            if (keepAfter > 0 && crossed) {
                table.deleteUpTo(room.getKey(), keepAfter);
            }
        }
    }

    /** {@code value} rounded up to a multiple of {@code step} (values below 1 stay as they are). */
    private static long roundUp(long value, long step) {
        return value <= 0 ? value : (value + step - 1) / step * step;
    }

    /** Deletes the messages older than {@code maxAge}, at most once a minute. */
    void sweepOldMessages() {
        long now = System.currentTimeMillis();
        if (now - lastAgeSweep < AGE_SWEEP_MILLIS) {
            return;
        }
        lastAgeSweep = now;
        try {
            int deleted = table.deleteStoredBefore((now - config.maxAge().toMillis()) * 1000);
            table.commit();
            if (deleted > 0) {
                log.info("Deleted {} messages older than {} from {}", deleted, config.maxAge(), description);
            }
        } catch (SQLException e) {
            rollback();
            log.warn("Could not delete old messages from {}", description, e);
        }
    }

    private void rollback() {
        try {
            table.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed on {}", description, e);
        }
    }
}
