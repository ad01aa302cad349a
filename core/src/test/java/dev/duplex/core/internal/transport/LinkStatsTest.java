package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.session.SessionStats;
import org.junit.jupiter.api.Test;

/** What one connection's heartbeats measure, from PONGs with made-up clocks. */
class LinkStatsTest {

    @Test
    void aQueueOnTheWayOutShowsInTheOutboundDelayAndOneOnTheWayBackDoesNot() {
        LinkStats stats = new LinkStats();
        assertThat(stats.outboundDelayMicros()).isEqualTo(LinkStats.UNKNOWN);
        assertThat(stats.bestRttMicros()).isEqualTo(-1);
        // The peer's clock is 5 s behind; 50 ms each way.
        stats.record(10_000_000, 5_050_000, 10_100_000);
        assertThat(stats.rttMicros()).isEqualTo(100_000);
        assertThat(stats.outboundDelayMicros()).isEqualTo(-4_950_000);
        assertThat(stats.clockOffsetMicros()).isEqualTo(-5_000_000);
        // 300 ms of queue on the way back: the round trip grows, the way out does not.
        stats.record(11_000_000, 6_050_000, 11_400_000);
        assertThat(stats.rttMicros()).isEqualTo(400_000);
        assertThat(stats.outboundDelayMicros()).isEqualTo(-4_950_000);
        // 300 ms of queue on the way out: both grow.
        stats.record(12_000_000, 7_350_000, 12_400_000);
        assertThat(stats.outboundDelayMicros()).isEqualTo(-4_650_000);
        assertThat(stats.bestRttMicros()).isEqualTo(100_000);
        assertThat(stats.clockOffsetMicros()).as("from the best round trip").isEqualTo(-5_000_000);
    }

    @Test
    void theApisUnknownDelayIsTheSameValue() {
        assertThat(SessionStats.UNKNOWN).isEqualTo(LinkStats.UNKNOWN);
    }
}
