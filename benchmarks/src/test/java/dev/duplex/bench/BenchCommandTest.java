package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void listNamesEveryBenchmark() {
        StringWriter out = new StringWriter();
        int code = run(out, new StringWriter(), "--list");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("video-throughput", "video-latency", "chat-fanout", "connections",
                "codec", "lecture");
    }

    @Test
    void unknownBenchmarkIsAUsageErrorThatSaysWhatToDo() {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "no-such-bench");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown benchmark 'no-such-bench'", "--list");
    }

    @Test
    void secondsOutOfRangeIsAUsageError() {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "codec", "--seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--seconds: 0 (expected: 1..3600)");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
