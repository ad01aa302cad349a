package dev.duplex.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test if Netty reported a buffer leak while it ran. Registered for every test by JUnit's
 * extension auto-detection. After each test it runs the garbage collector and allocates a few
 * buffers, which makes the paranoid leak detector report what was collected without release.
 */
public final class FailOnLeakExtension implements BeforeAllCallback, AfterEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        LeakRecorder.install();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) reported during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Provokes leak reports for unreachable buffers and returns them. */
    public static List<String> collect() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(10);
            // Allocation is what polls the leak detector's reference queue.
            for (int j = 0; j < 8; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(8);
                a.release();
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(8);
                b.release();
                ByteBuf c = PooledByteBufAllocator.DEFAULT.directBuffer(8);
                c.release();
            }
        }
        return LeakRecorder.drain();
    }
}
