package dev.duplex.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late a task every millisecond runs on each event loop of a group: while a loop is busy with
 * one long task (or a long read), its sockets are neither read nor written, and this lateness is
 * what every message waiting there waits on top of its own work. Started and stopped by the
 * benchmark; {@link #takeMillis(double)} gives the percentiles since the last call.
 */
public final class LoopLag implements AutoCloseable {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Recorder lateMicros = new Recorder(3);
    private volatile boolean running = true;
    private Histogram interval;

    /** Starts probing every loop of {@code group}. */
    public LoopLag(EventLoopGroup group) {
        for (EventExecutor loop : group) {
            probe(loop, System.nanoTime() + PERIOD_NANOS);
        }
    }

    private void probe(EventExecutor loop, long dueNanos) {
        if (!running || loop.isShuttingDown()) {
            return;
        }
        loop.schedule(() -> {
            long now = System.nanoTime();
            lateMicros.recordValue(Math.max(0, (now - dueNanos) / 1000));
            probe(loop, now + PERIOD_NANOS);
        }, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Starts a new interval: what {@link #percentileMillis} reports after the next call. */
    public void reset() {
        lateMicros.getIntervalHistogram();
    }

    /** Ends the interval since {@link #reset()} (or the last call) and keeps it for {@link #percentileMillis}. */
    public void endInterval() {
        interval = lateMicros.getIntervalHistogram();
    }

    /** A percentile of the lateness in the last ended interval, in milliseconds. */
    public double percentileMillis(double percentile) {
        return interval == null || interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public void close() {
        running = false;
    }
}
