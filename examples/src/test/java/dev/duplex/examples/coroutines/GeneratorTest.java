package dev.duplex.examples.coroutines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.examples.CapturedOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GeneratorTest {
    /** Yields the running total of what is sent in. */
    private static Generator<Integer, Integer> runningTotal(List<String> events) {
        return Generator.of("total", co -> {
            int total = 0;
            try {
                while (true) {
                    Integer value = co.yield(total);
                    total += value;
                }
            } finally {
                events.add("finally");
            }
        });
    }

    @Test
    void nextYieldsEachValueThenNoSuchElementWhenTheBodyReturns() {
        try (Generator<Void, String> gen = Generator.of("abc", co -> {
            co.yield("a");
            co.yield("b");
        })) {
            assertThat(gen.next()).isEqualTo("a");
            assertThat(gen.next()).isEqualTo("b");
            assertThatThrownBy(gen::next).isInstanceOf(NoSuchElementException.class)
                    .hasMessage("generator abc returned");
            assertThat(gen.isFinished()).isTrue();
            assertThatThrownBy(gen::next).isInstanceOf(NoSuchElementException.class)
                    .hasMessage("generator abc is finished");
        }
    }

    @Test
    void sendDeliversTheValueAsTheResultOfYield() {
        try (Generator<Integer, Integer> gen = runningTotal(new ArrayList<>())) {
            assertThat(gen.next()).isZero();
            assertThat(gen.send(5)).isEqualTo(5);
            assertThat(gen.send(10)).isEqualTo(15);
        }
    }

    @Test
    void sendingAValueToAJustStartedGeneratorFailsWithoutRunningTheBody() {
        AtomicBoolean ran = new AtomicBoolean();
        Generator<String, Void> gen = Generator.of("fresh", co -> ran.set(true));

        assertThatThrownBy(() -> gen.send("too early")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call next() first");
        assertThat(ran).isFalse();
        gen.close();
    }

    @Test
    void anExceptionHandledInsideTheBodyMakesThrowIntoReturnTheNextYield() {
        try (Generator<Void, String> gen = Generator.of("handler", co -> {
            while (true) {
                try {
                    co.yield("waiting");
                } catch (IllegalArgumentException e) {
                    co.yield("handled " + e.getMessage());
                }
            }
        })) {
            gen.next();

            assertThat(gen.throwInto(new IllegalArgumentException("bad value"))).isEqualTo("handled bad value");
            assertThat(gen.next()).isEqualTo("waiting");
        }
    }

    @Test
    void anExceptionNotHandledComesBackOutAndFinishesTheGenerator() {
        List<String> events = new ArrayList<>();
        Generator<Integer, Integer> gen = runningTotal(events);
        gen.next();
        IndexOutOfBoundsException thrown = new IndexOutOfBoundsException("no such index");

        assertThatThrownBy(() -> gen.throwInto(thrown)).isSameAs(thrown);
        assertThat(events).containsExactly("finally");
        assertThat(gen.isFinished()).isTrue();
        assertThatThrownBy(() -> gen.send(1)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void closeRunsFinallyBlocksAndLaterSendsFail() {
        List<String> events = new ArrayList<>();
        Generator<Integer, Integer> gen = runningTotal(events);
        gen.next();
        gen.send(1);

        gen.close();

        assertThat(events).containsExactly("finally");
        assertThatThrownBy(() -> gen.send(2)).isInstanceOf(NoSuchElementException.class);
        gen.close(); // idempotent
        assertThat(events).containsExactly("finally");
    }

    @Test
    void catchExceptionInTheBodyDoesNotSwallowClose() {
        List<String> events = new ArrayList<>();
        Generator<Void, Void> gen = Generator.of("catches-exceptions", co -> {
            while (true) {
                try {
                    co.yield();
                } catch (Exception e) {
                    events.add("caught " + e);
                }
            }
        });
        gen.next();

        gen.close();

        assertThat(events).isEmpty();
        assertThat(gen.isFinished()).isTrue();
    }

    @Test
    void closingAGeneratorThatNeverStartedDoesNotRunItsBody() {
        List<String> events = new ArrayList<>();
        Generator<Integer, Integer> gen = runningTotal(events);

        gen.close();

        assertThat(events).isEmpty();
        assertThatThrownBy(gen::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aBodyThatYieldsAfterGeneratorExitMakesCloseFail() {
        Generator<Void, String> gen = Generator.of("stubborn", co -> {
            try {
                co.yield("first");
            } catch (GeneratorExit e) {
                co.yield("ignored the close"); // a second close lets GeneratorExit through
            }
        });
        gen.next();

        assertThatThrownBy(gen::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("generator stubborn ignored GeneratorExit and yielded again");
        gen.close();
        assertThat(gen.isFinished()).isTrue();
    }

    @Test
    void aBodyCannotResumeItsOwnGenerator() {
        AtomicReference<Generator<Void, String>> self = new AtomicReference<>();
        Generator<Void, String> gen = Generator.of("recursive", co -> {
            try {
                self.get().next();
            } catch (IllegalStateException e) {
                co.yield(e.getMessage());
            }
        });
        self.set(gen);

        assertThat(gen.next()).isEqualTo("next(): generator recursive is already executing");
        gen.close();
    }

    @Test
    void theBodyThreadEndsWhenTheGeneratorIsClosed() {
        Generator<Integer, Integer> gen = Generator.of("thread-check", co -> {
            while (true) {
                co.yield(0);
            }
        });
        gen.next();
        assertThat(bodyThreadAlive("generator-thread-check-")).isTrue();

        gen.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !bodyThreadAlive("generator-thread-check-"));
    }

    private static boolean bodyThreadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    }

    @Test
    void echoCoroutinePrintsTheLectureOutputAndSendAfterCloseFails() {
        CapturedOutput out = new CapturedOutput();

        EchoCoroutine.run(new String[0], out.stream());

        assertThat(out.lines()).containsExactly(
                "genMsg : <generator echoMsg, created>",
                "Starting echoMsg() co-routine ....",
                "Received message : Hello",
                "Received message : Welcome",
                "Received message : 1",
                "Received message : 2",
                "genMsg.send(3) after close() raised NoSuchElementException (Python: StopIteration): "
                        + "generator echoMsg is finished");
    }

    @Test
    void echoCoroutineWithThrowHandlesEachExceptionInsideAndClosesWithFinally() {
        CapturedOutput out = new CapturedOutput();

        EchoCoroutineThrow.run(new String[0], out.stream());

        assertThat(out.lines()).containsExactly(
                "Starting echoMsg() co-routine ....",
                "Received message : Greetings !!",
                "TypeError : TypeError message !",
                "ValueError : ValueError message !",
                "IndexError : IndexError message !",
                "Exception : Exception message !",
                "Received message : Hello",
                "Generator function is closed now");
    }
}
