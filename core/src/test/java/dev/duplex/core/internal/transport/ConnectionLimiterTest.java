package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.transport.AbuseLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final GuardTally counters = new GuardTally();

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void capsPerAddressAndInTotalFreeUpOnRelease() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(AbuseLimits.builder().maxConnections(3)
                .maxConnectionsPerAddress(2).newConnectionsPerSecondPerAddress(0).build(), counters, nanos::get);
        assertThat(limiter.tryAcquire(ip("127.0.0.2"))).isNull();
        assertThat(limiter.tryAcquire(ip("127.0.0.2"))).isNull();
        assertThat(limiter.tryAcquire(ip("127.0.0.2"))).isEqualTo("Too many connections from 127.0.0.2 (at most 2): "
                + "close one and try again.");
        assertThat(limiter.tryAcquire(ip("127.0.0.3"))).isNull();
        assertThat(limiter.tryAcquire(ip("127.0.0.4"))).contains("maximum of 3 connections");
        limiter.release(ip("127.0.0.2"));
        assertThat(limiter.tryAcquire(ip("127.0.0.4"))).isNull();
        assertThat(limiter.open()).isEqualTo(3);
        assertThat(counters.snapshot().refusedConnections()).isEqualTo(2);
    }

    @Test
    void newConnectionsPerSecondAreLimitedPerAddress() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(AbuseLimits.builder().newConnectionsPerSecondPerAddress(2)
                .burst(Duration.ofSeconds(1)).build(), counters, nanos::get);
        for (int i = 0; i < 2; i++) {
            assertThat(limiter.tryAcquire(ip("127.0.0.2"))).isNull();
            limiter.release(ip("127.0.0.2"));
        }
        assertThat(limiter.tryAcquire(ip("127.0.0.2"))).contains("at most 2 per second");
        assertThat(limiter.tryAcquire(ip("127.0.0.3"))).as("other addresses unaffected").isNull();
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.tryAcquire(ip("127.0.0.2"))).isNull();
    }

    @Test
    void releasingMoreThanAcquiredIsHarmless() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(AbuseLimits.DEFAULT, counters, nanos::get);
        limiter.release(ip("127.0.0.9"));
        assertThat(limiter.open()).isZero();
    }
}
