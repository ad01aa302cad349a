package dev.duplex.video.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.video.codec.EncodeSettings;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private final LatencyRecorder recorder = new LatencyRecorder();

    @Test
    void percentilesOfTheIntervalAndOfTheWholeCall() {
        for (int ms = 1; ms <= 100; ms++) {
            recorder.record(ms * 1_000L);
        }
        LatencySummary first = recorder.interval();
        assertThat(first.count()).isEqualTo(100);
        assertThat(first.p50Ms()).isCloseTo(50, within(0.5));
        assertThat(first.p99Ms()).isCloseTo(99, within(0.5));
        assertThat(first.maxMs()).isCloseTo(100, within(0.5));

        recorder.record(500_000);
        LatencySummary second = recorder.interval();
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.p50Ms()).isCloseTo(500, within(1.0));

        assertThat(recorder.total().count()).isEqualTo(101);
        assertThat(recorder.interval()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void negativeLatencyFromClockNoiseCountsAsZero() {
        recorder.record(-300);
        assertThat(recorder.total().maxMs()).isZero();
    }

    @Test
    void summaryLineHasTheKeyTokens() {
        CallSummary summary = new CallSummary(10, 300, 290, 280, new LatencySummary(280, 12.5, 40.25, 55),
                1, 2, 3, 4, new EncodeSettings(75, 0.5), 1.5,
                new AudioSnapshot(true, 500, 490, new LatencySummary(480, 61.25, 90.5, 120), 40, 7));

        assertThat(summary.line()).startsWith("summary ").contains(" sent=300 ", " received=290 ", " fps=28.0 ",
                " latency_p50_ms=12.5 ", " latency_p99_ms=40.3 ", " dropped=10 ", " quality=75 ", " scale=0.50 ",
                " audio_sent=500 ", " audio_received=490 ", " audio_latency_p50_ms=61.3 ", " audio_latency_p99_ms=90.5 ")
                .endsWith(" audio_concealed=7");
        assertThat(new CallSummary(1, 0, 0, 0, LatencySummary.EMPTY, 0, 0, 0, 0, new EncodeSettings(90, 1), -1,
                AudioSnapshot.OFF).line()).contains("latency_p50_ms=n/a", "rtt_ms=n/a", "audio_sent=0",
                "audio_latency_p99_ms=n/a", "audio_concealed=0");
    }
}
