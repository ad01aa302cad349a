package dev.duplex.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.testkit.FailOnLeakExtension;
import org.junit.jupiter.api.AfterAll;

/**
 * The long fuzzing run of {@link DecoderFuzzTest}: 2 000 000 inputs, with
 * {@code mvn -B verify -pl core -Pfuzz-long} (about 15 minutes on two cores: 828 s of fuzzing
 * the last time). Not part of the ordinary build.
 */
class DecoderLongFuzzTest {
    private static final DecoderFuzzer FUZZER = new DecoderFuzzer();

    /**
     * Netty's paranoid leak detector over the whole run: the fuzz JVM checks once here rather than
     * after each input (each input's own buffers are checked exactly by the fuzzer).
     */
    @AfterAll
    static void noBufferLeaked() throws InterruptedException {
        assertThat(FailOnLeakExtension.collect()).isEmpty();
    }

    @FuzzTest(maxExecutions = 2_000_000, maxDuration = "30m")
    void decodersLong(FuzzedDataProvider data) {
        FUZZER.run(data.consumeRemainingAsBytes());
    }
}
