package dev.duplex.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How one benchmark runs.
 *
 * @param seconds the measurement time the benchmark spreads over its phases (expected: &gt; 0)
 * @param smoke   a tiny run for {@code mvn verify}: fewer connections, frames and seconds; its figures
 *                prove only that the benchmark works, not how fast anything is
 * @param log     progress lines for the person waiting
 */
public record BenchSettings(int seconds, boolean smoke, PrintWriter log) {
    public BenchSettings {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds: " + seconds + " (expected: > 0)");
        }
    }

    /** How long a warm-up may wait for the JIT compilers unless {@code -Dduplex.bench.maxJitWaitSeconds} says. */
    public static final double DEFAULT_MAX_JIT_WAIT_SECONDS = 30;

    /**
     * How much longer a warm-up of {@code warmupSeconds} may go on while the JIT compilers are still
     * busy ({@link JitActivity#waitUntilQuiet}): three times the warm-up in a smoke run, else
     * {@link #DEFAULT_MAX_JIT_WAIT_SECONDS} or {@code -Dduplex.bench.maxJitWaitSeconds}. On a slow
     * machine C2 worked on the duplex relay's code for more than 16 s of a phase; measuring then
     * measures the compiler.
     */
    public double maxJitWaitSeconds(double warmupSeconds) {
        return smoke ? 3 * warmupSeconds : Double.parseDouble(System.getProperty("duplex.bench.maxJitWaitSeconds",
                String.valueOf(DEFAULT_MAX_JIT_WAIT_SECONDS)));
    }

    /** Prints one progress line at once. */
    public void progress(String format, Object... args) {
        log.printf(Locale.ROOT, format + "%n", args);
        log.flush();
    }
}
