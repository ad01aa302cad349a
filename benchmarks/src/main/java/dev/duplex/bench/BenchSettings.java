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

    /** Prints one progress line at once. */
    public void progress(String format, Object... args) {
        log.printf(Locale.ROOT, format + "%n", args);
        log.flush();
    }
}
