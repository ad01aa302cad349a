package dev.duplex.core.testing;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Samples an allocator's used memory on a background thread and keeps the peak. */
public final class MemorySampler {
    private final UnpooledByteBufAllocator allocator;
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    public MemorySampler(UnpooledByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    public void start() {
        thread = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (running && System.nanoTime() < end) {
                long used = allocator.metric().usedDirectMemory() + allocator.metric().usedHeapMemory();
                peak.accumulateAndGet(used, Math::max);
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    public long peakBytes() {
        return peak.get();
    }
}
