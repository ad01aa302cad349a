package dev.duplex.video.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.video.adapt.LinkSample;
import dev.duplex.video.codec.EncodeSettings;
import org.junit.jupiter.api.Test;

/** What the sampler gives the adaptive control, from a call's counters (no session: nothing sent). */
class StatsSamplerTest {
    @Test
    void theIntervalInWhichSendingBeganCountsFromItsFirstFrame() throws InterruptedException {
        CallStats stats = new CallStats(new EncodeSettings(90, 1.0));
        StatsSampler sampler = new StatsSampler(stats);
        // Connecting took 300 ms; then frames went out for at least 200 ms.
        Thread.sleep(300);
        encodeOne(stats, 4_000);
        Thread.sleep(200);
        encodeOne(stats, 4_000);
        StatsSnapshot first = sampler.sample(null);
        LinkSample sending = sampler.linkSample(first);
        assertThat(first.seconds()).isGreaterThanOrEqualTo(0.5);
        assertThat(sending.offered()).isEqualTo(2);
        assertThat(sending.seconds()).as("from the first frame, not from the call's start")
                .isBetween(0.19, first.seconds() - 0.29);

        Thread.sleep(100);
        encodeOne(stats, 4_000);
        StatsSnapshot second = sampler.sample(null);
        LinkSample next = sampler.linkSample(second);
        assertThat(next.seconds()).as("a whole interval").isEqualTo(second.seconds() - first.seconds());
    }

    @Test
    void anIntervalInWhichNothingWasOfferedKeepsItsWholeLength() throws InterruptedException {
        CallStats stats = new CallStats(new EncodeSettings(90, 1.0));
        StatsSampler sampler = new StatsSampler(stats);
        Thread.sleep(100);
        stats.encoded.increment();
        stats.notConnected.increment();
        StatsSnapshot snapshot = sampler.sample(null);
        LinkSample sample = sampler.linkSample(snapshot);
        assertThat(sample.offered()).isZero();
        assertThat(sample.seconds()).isEqualTo(snapshot.seconds());
    }

    /** What the encoder counts for a frame handed to the connection. */
    private static void encodeOne(CallStats stats, int bytes) {
        stats.encoded.increment();
        stats.encodedBytes.add(bytes);
        stats.offered();
    }
}
