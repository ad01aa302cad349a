package dev.duplex.core.relay.history;

import dev.duplex.core.internal.Checks;
import java.time.Duration;

/**
 * Bounds of the relay's message history.
 *
 * @param maxMessagesPerRoom   a room keeps at most this many newest messages (default 10 000); the oldest
 *                             are deleted 1 % of it at a time, so a full room holds 99 to 100 % of it
 * @param maxAge               messages older than this are deleted (default 30 days)
 * @param maxReplay            at most this many missed messages are replayed to a returning client;
 *                             a larger gap gets the newest ones and a notice (default 500)
 * @param recentOnJoin         messages a first-time client gets on joining (default 50)
 * @param maxPendingWrites     store requests waiting for the writer thread; beyond it the relay
 *                             refuses the message (default 10 000)
 * @param maxBatch             messages committed in one transaction at most (default 256)
 * @param maxCachedRooms       rooms whose last sequence the writer keeps in memory; a room beyond
 *                             it is looked up in the database again when it gets a message (default 4096)
 * @param minBatchInterval     a batch starts at least this long after the one before it (default 1 ms;
 *                             zero: at once; at most {@link #MAX_MIN_BATCH_INTERVAL}). Under a steady
 *                             load the writer gathers what arrives meanwhile into one commit, and the
 *                             fan-out after it flushes each receiver once for all of it; an idle
 *                             relay's first message does not wait
 */
public record HistoryConfig(int maxMessagesPerRoom, Duration maxAge, int maxReplay, int recentOnJoin,
                            int maxPendingWrites, int maxBatch, int maxCachedRooms, Duration minBatchInterval) {

    /** Rooms whose last sequence is kept in memory by default. */
    public static final int DEFAULT_MAX_CACHED_ROOMS = 4096;
    /** The least time between the starts of two batches by default. */
    public static final Duration DEFAULT_MIN_BATCH_INTERVAL = Duration.ofMillis(1);
    /** The most {@code minBatchInterval} may be: every message may wait this long for its commit. */
    public static final Duration MAX_MIN_BATCH_INTERVAL = Duration.ofSeconds(1);

    /** The defaults: 10 000 messages and 30 days per room, replays of at most 500, the recent 50 on joining. */
    public static final HistoryConfig DEFAULT = new HistoryConfig(10_000, Duration.ofDays(30), 500, 50, 10_000, 256,
            DEFAULT_MAX_CACHED_ROOMS, DEFAULT_MIN_BATCH_INTERVAL);

    /** Checks that every bound is positive (recentOnJoin and minBatchInterval may be 0). */
    public HistoryConfig {
        Checks.positive("maxMessagesPerRoom", maxMessagesPerRoom);
        Checks.positive("maxAge", maxAge);
        Checks.positive("maxReplay", maxReplay);
        Checks.notNegative("recentOnJoin", recentOnJoin);
        Checks.positive("maxPendingWrites", maxPendingWrites);
        Checks.positive("maxBatch", maxBatch);
        Checks.positive("maxCachedRooms", maxCachedRooms);
        Checks.inRange("minBatchInterval", minBatchInterval, Duration.ZERO, MAX_MIN_BATCH_INTERVAL);
    }

    /** The bounds before {@code minBatchInterval} existed; it takes its default. */
    public HistoryConfig(int maxMessagesPerRoom, Duration maxAge, int maxReplay, int recentOnJoin,
                         int maxPendingWrites, int maxBatch, int maxCachedRooms) {
        this(maxMessagesPerRoom, maxAge, maxReplay, recentOnJoin, maxPendingWrites, maxBatch, maxCachedRooms,
                DEFAULT_MIN_BATCH_INTERVAL);
    }

    /** The bounds before {@code maxCachedRooms} existed; it takes its default. */
    public HistoryConfig(int maxMessagesPerRoom, Duration maxAge, int maxReplay, int recentOnJoin,
                         int maxPendingWrites, int maxBatch) {
        this(maxMessagesPerRoom, maxAge, maxReplay, recentOnJoin, maxPendingWrites, maxBatch,
                DEFAULT_MAX_CACHED_ROOMS);
    }

    /** This configuration with another {@code maxCachedRooms}. */
    public HistoryConfig withMaxCachedRooms(int value) {
        return new HistoryConfig(maxMessagesPerRoom, maxAge, maxReplay, recentOnJoin, maxPendingWrites, maxBatch,
                value, minBatchInterval);
    }

    /** This configuration with another {@code minBatchInterval}. */
    public HistoryConfig withMinBatchInterval(Duration value) {
        return new HistoryConfig(maxMessagesPerRoom, maxAge, maxReplay, recentOnJoin, maxPendingWrites, maxBatch,
                maxCachedRooms, value);
    }

}
