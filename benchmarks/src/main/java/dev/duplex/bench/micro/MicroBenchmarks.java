package dev.duplex.bench.micro;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Item 5: the JMH micro-benchmarks ({@link FrameCodecBenchmark}, {@link FanOutBenchmark},
 * {@link CrossThreadFanOutBenchmark}) run from
 * {@code ./duplex bench codec}: one forked JVM, the GC profiler for bytes allocated per operation.
 */
public final class MicroBenchmarks implements Benchmark {
    private static final int BENCHMARK_METHODS = 9;

    @Override
    public String name() {
        return "codec";
    }

    @Override
    public String description() {
        return "JMH: frame encode/decode (text, video) and the fan-out write path, ops/s and bytes allocated per op";
    }

    @Override
    public int defaultSeconds() {
        return 60;
    }

    /**
     * The timing every JMH run of {@code ./duplex bench} uses: the smoke run one short iteration in
     * this JVM; otherwise one fork, with 2 warm-up and 3 measured iterations per method sharing its
     * part of {@code s.seconds()} over {@code methods} methods.
     */
    public static ChainedOptionsBuilder timed(ChainedOptionsBuilder options, BenchSettings s, int methods) {
        if (s.smoke()) {
            return options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200));
        }
        long ms = (long) ((double) s.seconds() / methods * 1000 / 5);
        return options.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(ms))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(ms));
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        // Per method: 2 warm-up iterations and 3 measured ones share its part of the time.
        double perMethod = (double) s.seconds() / BENCHMARK_METHODS;
        ChainedOptionsBuilder options = timed(new OptionsBuilder()
                .include(FrameCodecBenchmark.class.getName())
                .include(FanOutBenchmark.class.getName())
                .include(CrossThreadFanOutBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Dio.netty.leakDetection.level=disabled")
                .shouldFailOnError(true), s, BENCHMARK_METHODS);
        s.progress("JMH: %d benchmark methods, about %.0f s each...", BENCHMARK_METHODS, perMethod);
        Collection<RunResult> results = new Runner(options.build()).run();
        BenchReport r = new BenchReport(name());
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1).replace('.', '_');
            Result<?> primary = result.getPrimaryResult();
            r.put(label + "_ops_per_s", primary.getScore());
            r.put(label + "_ops_per_s_error", Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError());
            Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                r.put(label + "_alloc_bytes_per_op", alloc.getScore());
            }
        }
        return r;
    }
}
