package dev.duplex.core.transport;

import dev.duplex.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * A relay's limits against abuse, on top of the per-connection bounds of {@link TransportConfig}:
 * how many connections (in total, per source address, new ones per second per address), and how
 * fast one connection may send (frames and bytes per second, for media (video and audio) and for
 * text/control frames separately, with bursts of {@link #burst()}). A connection over a rate gets {@code ERROR
 * RATE_LIMITED} and is closed; a connection over a cap gets {@code ERROR CAPACITY_EXCEEDED}. Also the
 * longest time reading from a connection may stay paused because it does not take what is sent to it.
 * Zero means "no limit" for every count and rate. Immutable; build one with {@link #builder()}.
 */
public final class AbuseLimits {
    /** The defaults described on each builder method. */
    public static final AbuseLimits DEFAULT = builder().build();
    /** No caps and no rates (reads still pause while a connection's output is stuck). */
    public static final AbuseLimits NONE = builder().maxConnections(0).maxConnectionsPerAddress(0)
            .newConnectionsPerSecondPerAddress(0).textFramesPerSecond(0).textBytesPerSecond(0)
            .videoFramesPerSecond(0).videoBytesPerSecond(0).maxReadPause(Duration.ZERO).build();

    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final int newConnectionsPerSecondPerAddress;
    private final int textFramesPerSecond;
    private final int textBytesPerSecond;
    private final int videoFramesPerSecond;
    private final int videoBytesPerSecond;
    private final Duration burst;
    private final Duration maxReadPause;

    private AbuseLimits(Builder b) {
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.newConnectionsPerSecondPerAddress = b.newConnectionsPerSecondPerAddress;
        this.textFramesPerSecond = b.textFramesPerSecond;
        this.textBytesPerSecond = b.textBytesPerSecond;
        this.videoFramesPerSecond = b.videoFramesPerSecond;
        this.videoBytesPerSecond = b.videoBytesPerSecond;
        this.burst = b.burst;
        this.maxReadPause = b.maxReadPause;
    }

    /** A builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder().maxConnections(maxConnections).maxConnectionsPerAddress(maxConnectionsPerAddress)
                .newConnectionsPerSecondPerAddress(newConnectionsPerSecondPerAddress)
                .textFramesPerSecond(textFramesPerSecond).textBytesPerSecond(textBytesPerSecond)
                .videoFramesPerSecond(videoFramesPerSecond).videoBytesPerSecond(videoBytesPerSecond)
                .burst(burst).maxReadPause(maxReadPause);
    }

    /** Most connections a relay or listening peer keeps at once (0: no limit); see {@link Builder#maxConnections}. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most connections from one source address (0: no limit); see {@link Builder#maxConnectionsPerAddress}. */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * New connections per second one address may open (0: no limit); see {@link
     * Builder#newConnectionsPerSecondPerAddress}.
     */
    public int newConnectionsPerSecondPerAddress() {
        return newConnectionsPerSecondPerAddress;
    }

    /**
     * Text and control frames per second one connection may send (0: no limit); see {@link
     * Builder#textFramesPerSecond}.
     */
    public int textFramesPerSecond() {
        return textFramesPerSecond;
    }

    /**
     * Bytes of text and control frames per second one connection may send (0: no limit); see {@link
     * Builder#textBytesPerSecond}.
     */
    public int textBytesPerSecond() {
        return textBytesPerSecond;
    }

    /** Video frames per second one connection may send (0: no limit); see {@link Builder#videoFramesPerSecond}. */
    public int videoFramesPerSecond() {
        return videoFramesPerSecond;
    }

    /** Bytes of video per second one connection may send (0: no limit); see {@link Builder#videoBytesPerSecond}. */
    public int videoBytesPerSecond() {
        return videoBytesPerSecond;
    }

    /** How long a connection may exceed the rates before it is refused; see {@link Builder#burst}. */
    public Duration burst() {
        return burst;
    }

    /**
     * Longest time reading from a connection stays paused while its output is stuck; see {@link
     * Builder#maxReadPause}.
     */
    public Duration maxReadPause() {
        return maxReadPause;
    }

    /** True when at least one per-connection rate is limited. */
    public boolean limitsRates() {
        return textFramesPerSecond > 0 || textBytesPerSecond > 0 || videoFramesPerSecond > 0 || videoBytesPerSecond > 0;
    }

    @Override
    public String toString() {
        return "AbuseLimits[maxConnections=" + maxConnections + ", perAddress=" + maxConnectionsPerAddress
                + ", newPerSecondPerAddress=" + newConnectionsPerSecondPerAddress + ", text=" + textFramesPerSecond
                + "/s " + textBytesPerSecond + "B/s, video=" + videoFramesPerSecond + "/s " + videoBytesPerSecond
                + "B/s, burst=" + burst + ", maxReadPause=" + maxReadPause + "]";
    }

    /** Builds {@link AbuseLimits}; each setter validates its argument at once. */
    public static final class Builder {
        private int maxConnections = 4096;
        private int maxConnectionsPerAddress = 64;
        private int newConnectionsPerSecondPerAddress = 20;
        private int textFramesPerSecond = 200;
        private int textBytesPerSecond = 1024 * 1024;
        private int videoFramesPerSecond = 300;
        private int videoBytesPerSecond = 48 * 1024 * 1024;
        private Duration burst = Duration.ofSeconds(2);
        private Duration maxReadPause = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Most open connections in total (default 4096; 0: no limit). */
        public Builder maxConnections(int value) {
            this.maxConnections = Checks.limit("maxConnections", value);
            return this;
        }

        /** Most open connections from one source address (default 64; 0: no limit). */
        public Builder maxConnectionsPerAddress(int value) {
            this.maxConnectionsPerAddress = Checks.limit("maxConnectionsPerAddress", value);
            return this;
        }

        /**
         * New connections per second from one source address, with bursts of {@link #burst}
         * (default 20/s; 0: no limit). Stops a client from escaping its rate limits by reconnecting.
         */
        public Builder newConnectionsPerSecondPerAddress(int value) {
            this.newConnectionsPerSecondPerAddress = Checks.limit("newConnectionsPerSecondPerAddress", value);
            return this;
        }

        /** TEXT and control frames per second per connection (default 200; 0: no limit). */
        public Builder textFramesPerSecond(int value) {
            this.textFramesPerSecond = Checks.limit("textFramesPerSecond", value);
            return this;
        }

        /** Bytes of TEXT and control frames per second per connection (default 1 MiB; 0: no limit). */
        public Builder textBytesPerSecond(int value) {
            this.textBytesPerSecond = Checks.limit("textBytesPerSecond", value);
            return this;
        }

        /** VIDEO and AUDIO frames per second per connection (default 300; 0: no limit). */
        public Builder videoFramesPerSecond(int value) {
            this.videoFramesPerSecond = Checks.limit("videoFramesPerSecond", value);
            return this;
        }

        /** Bytes of VIDEO and AUDIO frames per second per connection (default 48 MiB; 0: no limit). */
        public Builder videoBytesPerSecond(int value) {
            this.videoBytesPerSecond = Checks.limit("videoBytesPerSecond", value);
            return this;
        }

        /**
         * How long a sender may go at full speed before its rate applies: each bucket holds
         * {@code rate x burst} (a bytes bucket at least one largest frame). Default 2 s.
         */
        public Builder burst(Duration value) {
            Objects.requireNonNull(value, "burst");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException("burst: " + value + " (expected: >= 1 ms)");
            }
            this.burst = value;
            return this;
        }

        /**
         * Longest time reading from a connection may stay paused because the connection does not take
         * what is sent to it; then it is closed with {@code ERROR SLOW_CONSUMER} (default 30 s; 0: no limit).
         */
        public Builder maxReadPause(Duration value) {
            Objects.requireNonNull(value, "maxReadPause");
            if (value.isNegative()) {
                throw new IllegalArgumentException("maxReadPause: " + value + " (expected: >= 0)");
            }
            this.maxReadPause = value;
            return this;
        }

        /** The limits set so far (each was checked when it was set). */
        public AbuseLimits build() {
            return new AbuseLimits(this);
        }

    }
}
