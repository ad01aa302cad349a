package dev.duplex.testkit.link;

import java.time.Duration;
import java.util.Locale;

/**
 * What one direction of a {@link LinkEmulator} does to the bytes crossing it: a one-way delay with
 * jitter, and a bandwidth cap (a token bucket) in front of a bounded queue, as at the bottleneck
 * router of a real path. Immutable; {@link #builder()} checks every value.
 * <pre>
 *   bytes read ──► [queue ≤ queueBytes] ──► token bucket (rate, burst) ──► delay + jitter ──► bytes written
 *                   full: stop reading, so TCP pushes back on the sender
 * </pre>
 */
public final class LinkProfile {
    /** No delay, no cap: the bytes go through as fast as the proxy can move them. */
    public static final LinkProfile PERFECT = builder().build();
    /** Default bound of the queue in front of a capped link: 64 KiB, a small home router's share. */
    public static final int DEFAULT_QUEUE_BYTES = 64 * 1024;
    /** Smallest token bucket: one segment, so that every segment can leave. */
    public static final int MIN_BURST_BYTES = LinkEmulator.SEGMENT_BYTES;

    private final long delayNanos;
    private final long jitterNanos;
    private final long bytesPerSecond;
    private final int burstBytes;
    private final int queueBytes;

    private LinkProfile(Builder b) {
        this.delayNanos = b.delayNanos;
        this.jitterNanos = b.jitterNanos;
        this.bytesPerSecond = b.bytesPerSecond;
        this.burstBytes = b.burstBytes;
        this.queueBytes = b.queueBytes;
    }

    /** A builder starting from a perfect link: no delay, no jitter, no cap. */
    public static Builder builder() {
        return new Builder();
    }

    /** A link of {@code kbitPerSecond} with {@code oneWayMillis} of delay, the other values default. */
    public static LinkProfile of(long kbitPerSecond, long oneWayMillis) {
        return builder().kbitPerSecond(kbitPerSecond).delay(Duration.ofMillis(oneWayMillis)).build();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.delayNanos = delayNanos;
        b.jitterNanos = jitterNanos;
        b.bytesPerSecond = bytesPerSecond;
        b.burstBytes = burstBytes;
        b.queueBytes = queueBytes;
        return b;
    }

    /** Fixed one-way delay added to every segment. */
    public long delayNanos() {
        return delayNanos;
    }

    /** Extra delay drawn uniformly from 0..jitter per segment (bytes never overtake each other: TCP). */
    public long jitterNanos() {
        return jitterNanos;
    }

    /** The cap in bytes per second, or 0 for none. */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Bytes the token bucket may send at once after an idle spell. */
    public int burstBytes() {
        return burstBytes;
    }

    /** Most bytes waiting for the cap before the emulator stops reading from the sender. */
    public int queueBytes() {
        return queueBytes;
    }

    /** "2000 kbit/s, 50 ms ± 0 ms, queue 64 KiB". */
    @Override
    public String toString() {
        String rate = bytesPerSecond == 0 ? "no cap" : (bytesPerSecond * 8 / 1000) + " kbit/s";
        return String.format(Locale.ROOT, "%s, %d ms + 0..%d ms, queue %d KiB", rate, delayNanos / 1_000_000,
                jitterNanos / 1_000_000, queueBytes / 1024);
    }

    /** Values of a {@link LinkProfile}; each setter checks its argument. */
    public static final class Builder {
        private long delayNanos;
        private long jitterNanos;
        private long bytesPerSecond;
        private int burstBytes = MIN_BURST_BYTES;
        private int queueBytes = DEFAULT_QUEUE_BYTES;

        private Builder() {
        }

        /** One-way delay (default 0). */
        public Builder delay(Duration value) {
            this.delayNanos = nonNegative("delay", value);
            return this;
        }

        /** Jitter: each segment waits 0..value more (default 0). */
        public Builder jitter(Duration value) {
            this.jitterNanos = nonNegative("jitter", value);
            return this;
        }

        /** Bandwidth cap in bytes per second (default 0: none). */
        public Builder bytesPerSecond(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("bytesPerSecond: " + value + " (expected: >= 0, 0 = no cap)");
            }
            this.bytesPerSecond = value;
            return this;
        }

        /** Bandwidth cap in kilobits (1000 bits) per second (default 0: none). */
        public Builder kbitPerSecond(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("kbitPerSecond: " + value + " (expected: >= 0, 0 = no cap)");
            }
            return bytesPerSecond(value * 1000 / 8);
        }

        /** Token bucket size (default and minimum {@value #MIN_BURST_BYTES}: one segment). */
        public Builder burstBytes(int value) {
            if (value < MIN_BURST_BYTES) {
                throw new IllegalArgumentException("burstBytes: " + value + " (expected: >= " + MIN_BURST_BYTES + ")");
            }
            this.burstBytes = value;
            return this;
        }

        /** Bound of the queue in front of the cap (default {@value #DEFAULT_QUEUE_BYTES}). */
        public Builder queueBytes(int value) {
            if (value < LinkEmulator.SEGMENT_BYTES) {
                throw new IllegalArgumentException("queueBytes: " + value + " (expected: >= "
                        + LinkEmulator.SEGMENT_BYTES + ")");
            }
            this.queueBytes = value;
            return this;
        }

        /** The profile set so far. */
        public LinkProfile build() {
            return new LinkProfile(this);
        }

        private static long nonNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
            }
            return value.toNanos();
        }
    }
}
