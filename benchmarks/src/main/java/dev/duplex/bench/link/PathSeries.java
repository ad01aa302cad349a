package dev.duplex.bench.link;

import dev.duplex.bench.BenchReport;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.stats.StatsSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The adaptation over time of one path, sender to receiver: once a second, what the receiver was
 * shown of the sender in that second (frames, kbit/s, picture size, latency) and what the sender's
 * adaptive control had chosen (JPEG quality, scale, kbit/s sent).
 */
final class PathSeries {
    /** One second. */
    record Row(double t, double fps, double shownKbps, double sentKbps, int quality, double scale, double maxFps,
               double held, int width, int height, double p50Ms, double p99Ms, double rttMs, String note) {
    }

    private final Participant sender;
    private final Participant receiver;
    private final long startNanos;
    private final List<Row> rows = new ArrayList<>();
    private long lastNanos;
    private long lastHeldNanos;

    PathSeries(Participant sender, Participant receiver, long startNanos) {
        this.sender = sender;
        this.receiver = receiver;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** Records the second that just ended; {@code note} marks events ("stall", "carol joins"). */
    void sample(long nowNanos, String note) {
        Window w = window(lastNanos, nowNanos);
        EncodeSettings settings = sender.call.stats().settings();
        StatsSnapshot sent = sender.shown.latest();
        List<FrameLog.Shown> frames = receiver.shown.between(sender.name, lastNanos, nowNanos);
        FrameLog.Shown last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        long held = sender.call.stats().heldByReceiverNanos.sum();
        rows.add(new Row((nowNanos - startNanos) / 1e9, w.fps(), w.kbps(), sent == null ? 0 : sent.sendKbps(),
                settings.quality(), settings.scale(), settings.maxFps(), (held - lastHeldNanos) / (double) (nowNanos - lastNanos),
                last == null ? 0 : last.width(), last == null ? 0 : last.height(), w.p50Ms(), w.p99Ms(),
                sent == null ? -1 : sent.rttMs(), note));
        lastNanos = nowNanos;
        lastHeldNanos = held;
    }

    /** What the receiver was shown of the sender in [from, to). */
    Window window(long from, long to) {
        return Window.of(receiver.shown.between(sender.name, from, to), (to - from) / 1e9);
    }

    List<Row> rows() {
        return rows;
    }

    /** The lowest fps of the whole seconds in [fromSeconds, toSeconds) of this series. */
    double worstSecondFps(double fromSeconds, double toSeconds) {
        return rows.stream().filter(r -> r.t() > fromSeconds + 0.5 && r.t() <= toSeconds + 0.5)
                .mapToDouble(Row::fps).min().orElse(0);
    }

    /** Prints the series as a table. */
    void print(BenchReport r, String title) {
        r.line("%s", title);
        r.line("%5s | %5s %7s | %7s %4s %5s %6s %5s | %-7s | %7s %7s | %6s | %s", "t s", "fps", "kbit/s", "sent",
                "q", "scale", "pace", "held", "size", "p50 ms", "p99 ms", "rtt", "");
        for (Row x : rows) {
            r.line("%5.0f | %5.1f %7.0f | %7.0f %4d %5.2f %6s %4.0f%% | %-7s | %7s %7s | %6.0f | %s", x.t(), x.fps(),
                    x.shownKbps(), x.sentKbps(), x.quality(), x.scale(), x.maxFps() == 0 ? "-" : String.format(
                            java.util.Locale.ROOT, "%.0f", x.maxFps()), x.held() * 100,
                    x.width() == 0 ? "-" : x.width() + "x" + x.height(), ms(x.fps(), x.p50Ms()), ms(x.fps(), x.p99Ms()),
                    x.rttMs(), x.note());
        }
        r.line("(fps, kbit/s, size, p50/p99: what the receiver was shown in that second; sent, q, scale, pace "
                + "(fps cap), held (share of the second the encoder waited for the receiver's receipts), rtt: the sender's)");
    }

    private static String ms(double fps, double value) {
        return fps == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.0f", value);
    }

    /** Figures of the frames shown in one stretch of time. */
    record Window(double seconds, int frames, double fps, double kbps, double p50Ms, double p99Ms, double maxMs) {
        static Window of(List<FrameLog.Shown> frames, double seconds) {
            if (frames.isEmpty()) {
                return new Window(seconds, 0, 0, 0, 0, 0, 0);
            }
            long[] latencies = frames.stream().mapToLong(FrameLog.Shown::latencyMicros).sorted().toArray();
            long bytes = frames.stream().mapToLong(FrameLog.Shown::jpegBytes).sum();
            return new Window(seconds, frames.size(), frames.size() / seconds, bytes * 8 / 1000.0 / seconds,
                    percentile(latencies, 50) / 1000.0, percentile(latencies, 99) / 1000.0,
                    latencies[latencies.length - 1] / 1000.0);
        }

        private static long percentile(long[] sorted, double p) {
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        @Override
        public String toString() {
            return frames + " frames " + Arrays.toString(new double[] {fps, p99Ms});
        }
    }
}
