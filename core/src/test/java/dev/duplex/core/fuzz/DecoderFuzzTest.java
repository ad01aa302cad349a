package dev.duplex.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.testkit.FailOnLeakExtension;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of every decoder in {@link DecoderTargets} with Jazzer, 100 000 inputs.
 * {@code mvn verify} runs it in fuzzing mode (the surefire execution "fuzz", which sets
 * JAZZER_FUZZ=1); the ordinary test run leaves it out, since {@link MutationFuzzTest} replays the
 * same seeds there. A finding fails the build, and Jazzer keeps the input in
 * {@code DecoderFuzzTestInputs/} as a regression test. Run it alone with
 * {@code mvn -B -o verify -pl core -Dtest=DecoderFuzzTest} (or {@code mvn test -Dtest=...} to replay
 * the inputs only).
 */
class DecoderFuzzTest {
    private static final DecoderFuzzer FUZZER = new DecoderFuzzer();

    /**
     * Netty's paranoid leak detector over the whole run: the fuzz JVM checks once here rather than
     * after each input (each input's own buffers are checked exactly by the fuzzer).
     */
    @AfterAll
    static void noBufferLeaked() throws InterruptedException {
        assertThat(FailOnLeakExtension.collect()).isEmpty();
    }

    @FuzzTest(maxExecutions = 100_000)
    void decoders(FuzzedDataProvider data) {
        FUZZER.run(data.consumeRemainingAsBytes());
    }
}
