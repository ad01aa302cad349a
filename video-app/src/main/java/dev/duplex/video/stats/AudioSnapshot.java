package dev.duplex.video.stats;

import java.util.Locale;

/**
 * A call's voice figures, for the stats overlay, the per-second line and the summary.
 *
 * @param enabled        false for a video-only call
 * @param sent           packets written to the connection so far
 * @param received       packets received so far
 * @param latency        mouth-to-ear delay (of the last second, or of the whole call in a summary)
 * @param bufferedMillis the deepest jitter buffer now
 * @param concealed      slots rebuilt from FEC or concealed so far
 */
public record AudioSnapshot(boolean enabled, long sent, long received, LatencySummary latency, int bufferedMillis,
                            long concealed) {
    /** A call without voice. */
    public static final AudioSnapshot OFF = new AudioSnapshot(false, 0, 0, LatencySummary.EMPTY, 0, 0);

    /** "audio p50 62.1 ms p99 80.3 ms, buffer 40 ms, concealed 3" for the per-second line. */
    public String describe() {
        if (!enabled) {
            return "audio off";
        }
        return String.format(Locale.ROOT, "audio p50 %s p99 %s, buffer %d ms, concealed %d", millis(latency.p50Ms()),
                millis(latency.p99Ms()), bufferedMillis, concealed);
    }

    private String millis(double ms) {
        return latency.count() == 0 ? "n/a" : latency.format(ms) + " ms";
    }

    /** The summary's keys: {@code audio_sent= audio_received= audio_latency_p50_ms= audio_latency_p99_ms= audio_concealed=}. */
    public String summaryTokens() {
        return String.format(Locale.ROOT, "audio_sent=%d audio_received=%d audio_latency_p50_ms=%s "
                        + "audio_latency_p99_ms=%s audio_concealed=%d", sent, received, latency.format(latency.p50Ms()),
                latency.format(latency.p99Ms()), concealed);
    }
}
