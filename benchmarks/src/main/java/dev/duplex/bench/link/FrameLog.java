package dev.duplex.bench.link;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The display of one benchmark participant: every frame shown is counted by the call (as the
 * headless mode does) and noted here with its arrival time, sender, size, JPEG bytes and latency
 * (at most {@value #MAX_FRAMES} frames); the call's latest per-second snapshot is kept too.
 */
final class FrameLog implements DisplaySink {
    static final int MAX_FRAMES = 200_000;

    /** One frame shown: when (nanoTime), from whom, how big, how old. */
    record Shown(long atNanos, String sender, int width, int height, int jpegBytes, long latencyMicros) {
    }

    private final AtomicReference<CallStats> stats = new AtomicReference<>();
    private final List<Shown> frames = new ArrayList<>();
    private volatile StatsSnapshot latest;

    @Override
    public void attach(CallStats callStats) {
        stats.set(callStats);
    }

    @Override
    public void showRemote(DecodedFrame frame) {
        long latency = Clock.nowMicros() - frame.captureMicros();
        long now = System.nanoTime();
        CallStats s = stats.get();
        if (s != null) {
            s.onDisplayed(frame.captureMicros());
        }
        synchronized (frames) {
            if (frames.size() < MAX_FRAMES) {
                frames.add(new Shown(now, frame.sender(), frame.image().getWidth(), frame.image().getHeight(),
                        frame.jpegBytes(), Math.max(0, latency)));
            }
        }
        frame.recycle();
    }

    @Override
    public void stats(StatsSnapshot snapshot) {
        latest = snapshot;
    }

    /** The call's last per-second snapshot, or null before the first. */
    StatsSnapshot latest() {
        return latest;
    }

    /** Frames from {@code sender} shown in [from, to) (nanoTime). */
    List<Shown> between(String sender, long from, long to) {
        List<Shown> out = new ArrayList<>();
        synchronized (frames) {
            for (Shown f : frames) {
                if (f.atNanos() >= from && f.atNanos() < to && f.sender().equals(sender)) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
