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
 */
public record HistoryConfig(int maxMessagesPerRoom, Duration maxAge, int maxReplay, int recentOnJoin,
                            int maxPendingWrites, int maxBatch, int maxCachedRooms) {

    /** Rooms whose last sequence is kept in memory by default. */
    public static final int DEFAULT_MAX_CACHED_ROOMS = 4096;

    /** The defaults: 10 000 messages and 30 days per room, replays of at most 500, the recent 50 on joining. */
    public static final HistoryConfig DEFAULT =
            new HistoryConfig(10_000, Duration.ofDays(30), 500, 50, 10_000, 256, DEFAULT_MAX_CACHED_ROOMS);

    /** Checks that every bound is positive (recentOnJoin may be 0). */
    public HistoryConfig {
        Checks.positive("maxMessagesPerRoom", maxMessagesPerRoom);
        Checks.positive("maxAge", maxAge);
        Checks.positive("maxReplay", maxReplay);
        Checks.notNegative("recentOnJoin", recentOnJoin);
        Checks.positive("maxPendingWrites", maxPendingWrites);
        Checks.positive("maxBatch", maxBatch);
        Checks.positive("maxCachedRooms", maxCachedRooms);
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
                value);
    }

}
