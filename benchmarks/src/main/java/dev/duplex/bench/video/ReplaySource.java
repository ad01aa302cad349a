package dev.duplex.bench.video;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.LatestSlot;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.FrameSource;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A {@link FrameSource} that hands out prerendered synthetic frames (shared, not copied), time-stamped when
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
                // 0.5 ms: the encoder takes a frame when it starts encoding it (3-8 ms), so the next
                // one is ready in time; polling faster only burns CPU the call needs.
                LockSupport.parkNanos(500_000);
            }
        }
        long n = ++number;
        // A new header on the shared pixels (OpenCV counts the references): closing the frame does not
        // free them, and nothing downstream writes to a captured frame. Copying 0.9-2.7 MB per frame
        // here would charge the call a cost the codec limit it is compared with does not pay.
        return new CapturedFrame(new Mat(frames.image(n)), n, Clock.nowMicros());
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
