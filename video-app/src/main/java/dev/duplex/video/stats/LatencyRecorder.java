package dev.duplex.video.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latency samples in HdrHistogram: recording is wait-free from any thread (the EDT
 * paints, the decoder thread in headless mode); reading gives the percentiles of the last interval
 * and of the whole call.
 */
public final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Histogram interval = new Histogram(3);
    private Histogram recycled;

    /** Records one frame's latency; negative values (clock estimate noise) count as 0. */
    public void record(long latencyMicros) {
        recorder.recordValue(Math.max(0, latencyMicros));
    }

    /** Percentiles of what was recorded since the previous call, then starts a new interval. */
    public synchronized LatencySummary interval() {
        flush();
        LatencySummary summary = summarize(interval);
        interval.reset();
        return summary;
    }

    /** Percentiles of everything recorded so far. */
    public synchronized LatencySummary total() {
        flush();
        return summarize(total);
    }

    private void flush() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        interval.add(recycled);
    }

    private static LatencySummary summarize(Histogram h) {
        if (h.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
