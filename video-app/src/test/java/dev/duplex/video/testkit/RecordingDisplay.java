package dev.duplex.video.testkit;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A display that records what it is shown (at most {@code max} frames, without their pixels). */
public final class RecordingDisplay implements DisplaySink {
    /**
     * What was shown of one frame.
     *
     * @param sender        who sent it
     * @param sequence      its number
     * @param imageWidth    decoded width
     * @param imageHeight   decoded height
     * @param messageWidth  declared width
     * @param messageHeight declared height
     * @param atNanos       when it was shown ({@link System#nanoTime()})
     * @param latencyMicros capture to shown
     */
    public record Shown(String sender, long sequence, int imageWidth, int imageHeight, int messageWidth,
                        int messageHeight, long atNanos, long latencyMicros) {
    }

    public final List<Shown> frames = new CopyOnWriteArrayList<>();
    public final List<String> statuses = new CopyOnWriteArrayList<>();
    public final List<StatsSnapshot> snapshots = new CopyOnWriteArrayList<>();
    private final AtomicReference<CallStats> stats = new AtomicReference<>();
    private final int max;

    public RecordingDisplay(int max) {
        this.max = max;
    }

    @Override
    public void attach(CallStats callStats) {
        stats.set(callStats);
    }

    @Override
    public void showRemote(DecodedFrame frame) {
        stats.get().onDisplayed(frame.captureMicros());
        if (frames.size() < max) {
            frames.add(new Shown(frame.sender(), frame.sequence(), frame.image().getWidth(),
                    frame.image().getHeight(), frame.messageWidth(), frame.messageHeight(), System.nanoTime(),
                    Clock.nowMicros() - frame.captureMicros()));
        }
    }

    @Override
    public void status(String sentence) {
        statuses.add(sentence);
    }

    @Override
    public void stats(StatsSnapshot snapshot) {
        if (snapshots.size() < max) {
            snapshots.add(snapshot);
        }
    }

    /** Frames shown from {@code sender}, in order. */
    public List<Shown> from(String sender) {
        return frames.stream().filter(f -> f.sender().equals(sender)).toList();
    }

    /** Frames shown from {@code sender} since {@code nanos} ({@link System#nanoTime()}), in order. */
    public List<Shown> from(String sender, long nanos) {
        return frames.stream().filter(f -> f.sender().equals(sender) && f.atNanos() - nanos >= 0).toList();
    }

    /** The largest latency of {@code shown}, in milliseconds (0 if none). */
    public static double maxLatencyMillis(List<Shown> shown) {
        return shown.stream().mapToLong(Shown::latencyMicros).max().orElse(0) / 1000.0;
    }
}
