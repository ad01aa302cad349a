package dev.duplex.bench.video;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.LatestSlot;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.FrameSource;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link FrameSource} that hands out copies of prerendered synthetic frames, time-stamped when
 * handed out (as a camera stamps a frame when it is read). At "max rate" it waits until the encoder
 * has taken the previous frame, so the encoder is never idle and no frame is made only to be
 * replaced; otherwise the capture loop paces it.
 */
final class ReplaySource implements FrameSource {
    private static final long MAX_WAIT_NANOS = 100_000_000;

    private final PrerenderedFrames frames;
    private final double fps;
    private final LatestSlot<CapturedFrame> pacedBy;
    private long number;

    /**
     * @param pacedBy the slot towards the encoder to wait on (max rate), or null to be paced by the
     *                capture loop at {@code fps}
     */
    ReplaySource(PrerenderedFrames frames, double fps, LatestSlot<CapturedFrame> pacedBy) {
        this.frames = frames;
        this.fps = fps;
        this.pacedBy = pacedBy;
    }

    @Override
    public CapturedFrame next() {
        if (pacedBy != null) {
            long deadline = System.nanoTime() + MAX_WAIT_NANOS;
            while (pacedBy.isFull() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000);
            }
        }
        long n = ++number;
        return new CapturedFrame(frames.image(n).clone(), n, Clock.nowMicros());
    }

    @Override
    public double framesPerSecond() {
        return fps;
    }

    @Override
    public String description() {
        return "prerendered synthetic pattern " + frames.width() + "x" + frames.height();
    }

    @Override
    public void close() {
        // The frames belong to the benchmark.
    }
}
