package dev.duplex.examples.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.examples.CapturedOutput;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadsTest {
    @Test
    void eachCountingThreadCountsInOrderAndTerminatesBeforeMainReportsTheEnd() throws Exception {
        CapturedOutput out = new CapturedOutput();

        CountingThreads.run(new String[] {"--delay-ms", "2", "--count", "3"}, out.stream());

        List<String> lines = out.lines();
        for (String name : List.of("A", "B", "C")) {
            assertThat(lines).containsSubsequence(
                    "Activating Thread_" + name,
                    "Thread_" + name + " is activated",
                    "Thread_" + name + " is still running (count: 0)",
                    "Thread_" + name + " is still running (count: 1)",
                    "Thread_" + name + " is still running (count: 2)",
                    "Thread_" + name + " is still running (count: 3)",
                    "Thread (" + name + ") is terminating");
            assertThat(lines).filteredOn(l -> l.startsWith("Thread_" + name + " is still running")).hasSize(4);
        }
        assertThat(lines).last().isEqualTo("main(): all threads are terminated now !!");
        assertThat(lines).filteredOn(l -> l.startsWith("main(): still"))
                .allSatisfy(l -> assertThat(l).matches(
                        "main\\(\\): still [1-3] worker threads \\(plus main\\) are active : \\[<Thread_[ABC].*]"));
    }

    @Test
    void daemonThreadDoesNotKeepTheChildJvmAlive() throws Exception {
        CapturedOutput out = new CapturedOutput();

        DaemonThreads.run(new String[] {"--delay-ms", "20", "--ticks", "3"}, out.stream());

        List<String> lines = out.lines();
        assertThat(lines).contains("main(): setDaemon(true) after start() is refused with IllegalThreadStateException");
        assertThat(lines).containsSubsequence(
                "  child | non-daemon : tick 0",
                "  child | non-daemon : tick 1",
                "  child | non-daemon : tick 2",
                "  child | non-daemon : done; only daemon threads are left, so the JVM exits");
        assertThat(lines).anyMatch(l -> l.startsWith("  child | daemon     : tick "));
        assertThat(lines).last().asString()
                .startsWith("main(): the child JVM exited with status 0 after ")
                .endsWith("the daemon thread was stopped mid-loop");
    }

    @Test
    void timedJoinReturnsWhileTheThreadRunsAndPlainJoinWaitsForItsEnd() throws Exception {
        CapturedOutput out = new CapturedOutput();

        JoinDemo.run(new String[] {"--timeout-ms", "30"}, out.stream());

        List<String> lines = out.lines();
        String timed = lines.stream().filter(l -> l.startsWith("main(): join(timeout = 30 ms)")).findFirst()
                .orElseThrow();
        assertThat(timed).endsWith("worker.isAlive() = true");
        Matcher waited = Pattern.compile("returned after (\\d+) ms").matcher(timed);
        assertThat(waited.find()).isTrue();
        assertThat(Long.parseLong(waited.group(1))).isGreaterThanOrEqualTo(29);
        assertThat(lines).containsSubsequence(timed,
                "worker: released by main; finishing",
                "main(): join() returned; worker.isAlive() = false");
    }
}
