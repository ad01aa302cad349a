package dev.duplex.core.internal.transport;

import dev.duplex.core.transport.AbuseLimits;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Admits or refuses new connections by the caps of {@link AbuseLimits}: open connections in total,
 * open connections per source address, and new connections per second per source address. Each
 * admitted connection must be {@link #release released} when it closes. Thread-safe (accepts are
 * rare next to frames, so one lock is enough).
 */
public final class ConnectionLimiter {
    private static final int PRUNE_EVERY = 256;

    private final AbuseLimits limits;
    private final GuardTally counters;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Source> sources = new HashMap<>();
    private int open;
    private int acceptsSincePrune;

    /** Per source address: its open connections and its bucket of new connections. */
    private static final class Source {
        int open;
        TokenBucket newConnections;
    }

    public ConnectionLimiter(AbuseLimits limits, GuardTally counters) {
        this(limits, counters, System::nanoTime);
    }

    ConnectionLimiter(AbuseLimits limits, GuardTally counters, LongSupplier nanoClock) {
        this.limits = limits;
        this.counters = counters;
        this.nanoClock = nanoClock;
    }

    /**
     * Admits a connection from {@code address}, or says why not.
     *
     * @return {@code null} when admitted (call {@link #release} when it closes), else the sentence
     *         for the refused peer
     */
    public synchronized String tryAcquire(InetAddress address) {
        long now = nanoClock.getAsLong();
        if (++acceptsSincePrune >= PRUNE_EVERY) {
            prune(now);
        }
        String refusal = null;
        Source source = sources.computeIfAbsent(address, a -> new Source());
        if (limits.maxConnections() > 0 && open >= limits.maxConnections()) {
            refusal = "The server has its maximum of " + limits.maxConnections() + " connections; try again later.";
        } else if (limits.maxConnectionsPerAddress() > 0 && source.open >= limits.maxConnectionsPerAddress()) {
            refusal = "Too many connections from " + address.getHostAddress() + " (at most "
                    + limits.maxConnectionsPerAddress() + "): close one and try again.";
        } else if (limits.newConnectionsPerSecondPerAddress() > 0) {
            if (source.newConnections == null) {
                int rate = limits.newConnectionsPerSecondPerAddress();
                source.newConnections = new TokenBucket(rate,
                        Math.max(1, rate * (limits.burst().toNanos() / 1e9)), now);
            }
            if (!source.newConnections.tryTake(1, now)) {
                refusal = "Too many new connections from " + address.getHostAddress() + " (at most "
                        + limits.newConnectionsPerSecondPerAddress() + " per second): wait a moment and try again.";
            }
        }
        if (refusal != null) {
            counters.refused();
            return refusal;
        }
        source.open++;
        open++;
        return null;
    }

    /** Releases a connection admitted by {@link #tryAcquire}. */
    public synchronized void release(InetAddress address) {
        Source source = sources.get(address);
        if (source != null && source.open > 0) {
            source.open--;
            open--;
        }
    }

    /** Open admitted connections. */
    public synchronized int open() {
        return open;
    }

    /** Forgets addresses with nothing open and a full bucket, so the map stays as small as the traffic. */
    private void prune(long now) {
        acceptsSincePrune = 0;
        Iterator<Source> it = sources.values().iterator();
        while (it.hasNext()) {
            Source s = it.next();
            if (s.open == 0 && (s.newConnections == null || s.newConnections.isFull(now))) {
                it.remove();
            }
        }
    }
}
