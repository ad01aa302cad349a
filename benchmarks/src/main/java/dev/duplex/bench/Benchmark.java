package dev.duplex.bench;

/**
 * One end-to-end benchmark run by {@code ./duplex bench NAME}: bounded in time and in load, on
 * loopback only, it returns its figures instead of asserting anything (claims about speed live in
 * BENCHMARKS.md, not in tests).
 */
public interface Benchmark {

    /** The name on the command line, e.g. {@code chat-fanout}. */
    String name();

    /** One sentence: what it measures and against what limit. */
    String description();

    /** The measurement time used when {@code --seconds} is not given. */
    int defaultSeconds();

    /**
     * Runs the benchmark.
     *
     * @throws Exception with a sentence when the run cannot be done (say, a port cannot be bound)
     */
    BenchReport run(BenchSettings settings) throws Exception;
}
