package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {
    /** Programs that read the console; they have tests of their own with supplied input. */
    private static final Set<String> INTERACTIVE = Set.of("tcp-server", "tcp-client", "netty-tcp-server",
            "core-tcp-server");

    /** Quick options for each non-interactive program, and a line its output must contain. */
    private record QuickRun(List<String> args, String expected) {
    }

    private static final Map<String, QuickRun> QUICK = Map.ofEntries(
            Map.entry("my-range", new QuickRun(List.of(), "returned value from myRange(n) :  4")),
            Map.entry("fibonacci", new QuickRun(List.of("--count", "20"), "20-th Fibonacci Series :       4181")),
            Map.entry("up-down", new QuickRun(List.of(), " [0, 1, 2, 3, 4, 5, 4, 3, 2, 1]")),
            Map.entry("generator-expression", new QuickRun(List.of(), "L : [0, 1, 4, 9, 16]")),
            Map.entry("stop-iteration", new QuickRun(List.of(),
                    "next(itr) raised NoSuchElementException (Python: StopIteration): myRange(5) is exhausted")),
            Map.entry("echo-coroutine", new QuickRun(List.of(), "Received message : 2")),
            Map.entry("echo-coroutine-throw", new QuickRun(List.of(), "Generator function is closed now")),
            Map.entry("threads", new QuickRun(List.of("--delay-ms", "2", "--count", "2"),
                    "main(): all threads are terminated now !!")),
            Map.entry("daemon-threads", new QuickRun(List.of("--delay-ms", "20", "--ticks", "2"),
                    "  child | non-daemon : done; only daemon threads are left, so the JVM exits")),
            Map.entry("join", new QuickRun(List.of("--timeout-ms", "10"),
                    "main(): join() returned; worker.isAlive() = false")),
            Map.entry("bank-lost-update", new QuickRun(List.of("--pairs", "1000"),
                    "final balance: 170 (should be 90: the withdrawal of 80 was lost)")),
            Map.entry("bank-synchronized", new QuickRun(List.of("--pairs", "1000"),
                    "expected -9900, got -9900 (no update lost)")),
            Map.entry("bank-lock", new QuickRun(List.of("--pairs", "1000"),
                    "expected -9900, got -9900 (no update lost)")),
            Map.entry("bank-atomic", new QuickRun(List.of("--pairs", "1000"),
                    "expected -9900, got -9900 (no update lost)")),
            Map.entry("producer-consumer", new QuickRun(List.of("--items", "5"),
                    "produced 10 items, consumed 10: each exactly once")),
            Map.entry("udp-echo", new QuickRun(List.of("--port", "0", "ping"),
                    "Client:: recvfrom (/127.0.0.1:")));

    @Test
    void namesAreUniqueAndCoverEveryLectureSection() {
        List<String> names = Examples.all().stream().map(Example::name).toList();

        assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                "my-range", "fibonacci", "up-down", "generator-expression", "stop-iteration",
                "echo-coroutine", "echo-coroutine-throw", "threads", "daemon-threads", "join",
                "bank-lost-update", "bank-synchronized", "bank-lock", "bank-atomic", "producer-consumer",
                "tcp-server", "tcp-client", "netty-tcp-server", "core-tcp-server", "udp-echo");
        assertThat(Examples.all()).allSatisfy(e -> {
            assertThat(e.lectureCounterpart()).isNotBlank();
            assertThat(e.description()).isNotBlank();
        });
    }

    @Test
    void everyNonInteractiveExampleHasAQuickRun() {
        Set<String> nonInteractive = Examples.all().stream().map(Example::name)
                .filter(n -> !INTERACTIVE.contains(n)).collect(Collectors.toSet());

        assertThat(QUICK.keySet()).isEqualTo(nonInteractive);
    }

    @Test
    void everyNonInteractiveExampleRunsAndPrintsItsResult() throws Exception {
        for (Example example : Examples.all()) {
            QuickRun quick = QUICK.get(example.name());
            if (quick == null) {
                continue;
            }
            CapturedOutput out = new CapturedOutput();

            example.main().run(quick.args().toArray(String[]::new), out.stream());

            assertThat(out.text()).as(example.name()).contains(quick.expected());
        }
    }

    @Test
    void findsExamplesByName() {
        assertThat(Examples.find("bank-lock")).get().extracting(Example::name).isEqualTo("bank-lock");
        assertThat(Examples.find("no-such-example")).isEmpty();
    }

    @Test
    void listShowsEveryNameWithItsLectureCounterpart() {
        CapturedOutput out = new CapturedOutput();

        Examples.list(out.stream());

        for (Example e : Examples.all()) {
            assertThat(out.text()).contains(e.name() + " ").contains("(lecture: " + e.lectureCounterpart() + ")");
        }
    }

    @Test
    void rejectsNamesTheLauncherCannotType() {
        assertThatThrownBy(() -> new Example("Bad Name", "x", "y", (args, out) -> { }))
                .hasMessageContaining("name: Bad Name");
    }
}
