package dev.duplex.core.transport;

/**
 * What a relay's abuse guards ({@link AbuseLimits}) did since it started, summed over its
 * connections: a snapshot.
 *
 * @param refusedConnections connections refused by a connection cap
 * @param rateLimited        connections cut off for going over a rate limit
 * @param readPauses         times reading from a connection was paused because its output could not be delivered
 */
public record GuardCounters(long refusedConnections, long rateLimited, long readPauses) {
}
