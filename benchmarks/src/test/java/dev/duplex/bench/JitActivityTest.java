package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class JitActivityTest {
    private static volatile long sink;

    @Test
    void seesTheCompilerThreadsWorkOnNewlyHotCode() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        JitActivity jit = new JitActivity();
        long sum = 0;
        LongUnaryOperator hot = x -> x * 31 + (x >>> 3);
        for (int round = 0; round < 200 && jit.nanos() == 0; round++) {
            for (long i = 0; i < 100_000; i++) {
                sum += hot.applyAsLong(i + round);
            }
        }
        sink = sum;
        assertThat(jit.nanos()).as("compiler threads' CPU while a new loop got hot").isPositive();
    }

    @Test
    void theWarmUpWaitIsBounded() throws InterruptedException {
        long start = System.nanoTime();
        double waited = JitActivity.waitUntilQuiet(0.05, -1, 1, 0.2); // never quiet: only the bound ends it
        double took = (System.nanoTime() - start) / 1e9;
        assertThat(waited).isBetween(0.2, 0.2 + 0.1);
        assertThat(took).isLessThan(1.0);
    }
}
