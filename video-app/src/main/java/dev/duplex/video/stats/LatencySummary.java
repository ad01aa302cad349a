package dev.duplex.video.stats;

import java.util.Locale;

/**
 * Percentiles of end-to-end latency (capture → displayed) over some frames.
 *
 * @param count how many frames were measured
 * @param p50Ms median, milliseconds (0 when count is 0)
 * @param p99Ms 99th percentile, milliseconds
 * @param maxMs largest, milliseconds
 */
public record LatencySummary(long count, double p50Ms, double p99Ms, double maxMs) {
    /** No frame measured. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

    /** A millisecond value with one decimal, or "n/a" when nothing was measured. */
    public String format(double ms) {
        return count == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", ms);
    }
}
