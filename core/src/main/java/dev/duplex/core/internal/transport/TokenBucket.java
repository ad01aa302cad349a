package dev.duplex.core.internal.transport;

/**
 * A token bucket: it holds up to {@code capacity} tokens, gains {@code ratePerSecond} per second,
 * and an action costing {@code n} tokens passes only if {@code n} are there. So the long-run rate
 * is bounded by the rate, and a burst by the capacity. Time is passed in, so tests control it.
 * Not thread-safe: one per connection, used on its event loop.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    /** A full bucket at {@code nowNanos}. */
    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (ratePerSecond <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("rate " + ratePerSecond + ", capacity " + capacity + " (expected: > 0)");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code cost} tokens if there are that many; false (and nothing taken) otherwise. */
    boolean tryTake(double cost, long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
        if (tokens >= cost) {
            tokens -= cost;
            return true;
        }
        return false;
    }

    /** True when the bucket has filled up again by {@code nowNanos}. */
    boolean isFull(long nowNanos) {
        return tokens + Math.max(0, nowNanos - lastNanos) * ratePerNano >= capacity;
    }
}
