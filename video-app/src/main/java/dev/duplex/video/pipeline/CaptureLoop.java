package dev.duplex.video.pipeline;

import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.FrameSource;
import dev.duplex.video.source.SourceUnavailableException;
import dev.duplex.video.stats.CallStats;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture thread: reads the source at a steady rate and puts each frame into the latest slot
 * towards the encoder (a frame the encoder has not taken yet is replaced and counted). It owns the
 * source and closes it on every exit path, which releases the camera.
 */
public final class CaptureLoop extends Worker {
    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);
    private static final double MISSING_SECONDS_BEFORE_GIVING_UP = 3;

    private final FrameSource source;
    private final LatestSlot<CapturedFrame> out;
    private final CallStats stats;
    private final Consumer<String> onFailure;
    private final long periodNanos;
    private final int maxMisses;

    /**
     * @param source    read only by this thread from now on, and closed by it
     * @param fps       the most frames per second to read (the source's own rate may be lower)
     * @param out       the slot towards the encoder
     * @param stats     counts captured frames
     * @param onFailure told a sentence if the source stops delivering
     */
    public CaptureLoop(FrameSource source, double fps, LatestSlot<CapturedFrame> out, CallStats stats,
                       Consumer<String> onFailure) {
        super("duplex-video-capture");
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps: " + fps + " (expected: > 0)");
        }
        this.source = source;
        this.out = out;
        this.stats = stats;
        this.onFailure = onFailure;
        double rate = Math.min(fps, source.framesPerSecond());
        this.periodNanos = (long) (1e9 / rate);
        this.maxMisses = (int) Math.max(1, Math.ceil(rate * MISSING_SECONDS_BEFORE_GIVING_UP));
    }

    @Override
    protected void work() {
        long next = System.nanoTime();
        int misses = 0;
        try {
            while (running()) {
                CapturedFrame frame = source.next();
                if (frame == null) {
                    if (++misses >= maxMisses) {
                        throw new SourceUnavailableException("The " + source.description()
                                + " stopped delivering frames.");
                    }
                } else {
                    misses = 0;
                    stats.captured.increment();
                    out.offer(frame);
                }
                next += periodNanos;
                long now = System.nanoTime();
                if (next - now < -2 * periodNanos) {
                    // The source is slower than asked: do not try to catch up with a burst.
                    next = now;
                }
                parkUntil(next);
            }
        } catch (SourceUnavailableException e) {
            log.warn("{}", e.getMessage());
            onFailure.accept(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Capture from the {} failed", source.description(), e);
            onFailure.accept("The " + source.description() + " failed (" + e.getMessage() + "); no more video is sent.");
        }
    }

    private void parkUntil(long deadline) {
        long left;
        while (running() && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    protected void finished() {
        source.close();
    }
}
