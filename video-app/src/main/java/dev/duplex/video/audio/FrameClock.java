package dev.duplex.video.audio;

import dev.duplex.core.transport.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Paces a loop at one frame every 20 ms from its start, without drift: frame {@code n} is due at
 * {@code start + n x 20 ms}. A loop that fell more than {@code maxLagFrames} behind (a stalled
 * machine) starts again from now rather than rushing to catch up.
 */
final class FrameClock {
    private final int maxLagFrames;
    private long startNanos;
    private long startMicros;
    private long frame;

    FrameClock(int maxLagFrames) {
        this.maxLagFrames = maxLagFrames;
        restart();
    }

    private void restart() {
        startNanos = System.nanoTime();
        startMicros = Clock.nowMicros();
        frame = 0;
    }

    /**
     * Waits until the current frame is complete (its end is due) and moves on to the next.
     *
     * @return the wall-clock time of the finished frame's start (microseconds since the epoch)
     */
    long awaitFrameEnd() throws InterruptedException {
        long dueNanos = startNanos + (frame + 1) * Pcm.FRAME_MICROS * 1000;
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        } else if (-wait > maxLagFrames * Pcm.FRAME_MICROS * 1000) {
            restart();
            return awaitFrameEnd();
        }
        return startMicros + frame++ * Pcm.FRAME_MICROS;
    }
}
