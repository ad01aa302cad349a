package dev.duplex.core.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a connection that was up drops, how to try again: exponential backoff from
 * {@code initialDelay} doubling up to {@code maxDelay}, each delay randomised by +/- {@code jitter}
 * (a fraction), at most {@code maxAttempts} times in a row (0 = no limit).
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double jitter, int maxAttempts) {

    /** Never reconnect: a dropped connection closes the session. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 0, -1);

    /** Checks the bounds given with each component above. */
    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays: " + initialDelay + ", " + maxDelay
                    + " (expected: 0 < initialDelay <= maxDelay)");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0 <= jitter < 1)");
        }
        if (maxAttempts < -1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 0, or -1 for never)");
        }
    }

    /** Backoff from 250 ms to 10 s with 20 % jitter, without limit: what an interactive client wants. */
    public static ReconnectPolicy exponentialBackoff() {
        return new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(10), 0.2, 0);
    }

    /** True if this policy ever reconnects. */
    public boolean enabled() {
        return maxAttempts >= 0;
    }

    /** True if attempt number {@code attempt} (1-based) may be made. */
    public boolean allows(int attempt) {
        return enabled() && (maxAttempts == 0 || attempt <= maxAttempts);
    }

    /** The delay before attempt number {@code attempt} (1-based). */
    public Duration delayBefore(int attempt) {
        long base = initialDelay.toMillis();
        long max = maxDelay.toMillis();
        long delay = attempt >= 31 ? max : Math.min(max, base << Math.max(0, attempt - 1));
        double factor = 1 + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter));
        return Duration.ofMillis(Math.max(1, Math.round(delay * factor)));
    }
}
