package dev.duplex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the leak check can fail: a buffer dropped without release is reported. */
class LeakDetectionSelfTest {

    @Test
    void droppedBufferIsReportedAsLeak() throws InterruptedException {
        assertThat(LeakRecorder.isInstalled()).isTrue();
        leakOne();
        List<String> leaks = FailOnLeakExtension.collect();
        assertThat(leaks).isNotEmpty();
        assertThat(leaks.get(0)).startsWith("LEAK: ");
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeInt(42);
    }
}
