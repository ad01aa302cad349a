package dev.duplex.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time this JVM's JIT compiler threads used between construction and {@link #millis()}, and a
 * warm-up that waits for them to go quiet. A phase measured while the compilers still work on the
 * code under test measures the compilers too: on two cores, C2 compiling the relay's code took 0.4
 * of them during a saturation phase.
 *
 * <p>Read from Linux's {@code /proc/self/task} (the compiler threads are hidden from
 * {@code ThreadMXBean}, and {@code CompilationMXBean} counts a compilation only when it ends, so a
 * long one looks quiet until then). Elsewhere it reports 0 and the warm-up is not extended.
 */
public final class JitActivity {
    /** A warm-up step in which the compiler threads used more than this share of a core is not quiet. */
    public static final double BUSY_SHARE = 0.05;
    /** How long one step of a warm-up's extension is. */
    public static final double STEP_SECONDS = 0.5;
    /** How many quiet steps in a row end a warm-up's extension (the compilers work in bursts). */
    public static final int QUIET_STEPS = 4;
    private static final Path TASKS = Path.of("/proc/self/task");
    private final Map<String, Long> before = compilerNanos();

    /** CPU milliseconds the compiler threads used since construction (0 where not readable). */
    public long millis() {
        return nanos() / 1_000_000;
    }

    long nanos() {
        long nanos = 0;
        for (Map.Entry<String, Long> now : compilerNanos().entrySet()) {
            nanos += Math.max(0, now.getValue() - before.getOrDefault(now.getKey(), 0L));
        }
        return nanos;
    }

    /**
     * Sleeps until the compiler threads used at most {@link #BUSY_SHARE} of a core in each of
     * {@link #QUIET_STEPS} steps of {@link #STEP_SECONDS} in a row, for at most {@code maxSeconds}.
     *
     * @return the seconds slept (0 if the compilers cannot be read)
     */
    public static double waitUntilQuiet(double maxSeconds) throws InterruptedException {
        return waitUntilQuiet(STEP_SECONDS, BUSY_SHARE, QUIET_STEPS, maxSeconds);
    }

    /**
     * Sleeps until the compiler threads used at most {@code busyShare} of a core in each of
     * {@code quietSteps} steps of {@code stepSeconds} in a row, for at most {@code maxSeconds}.
     *
     * @return the seconds slept (0 if the compilers cannot be read)
     */
    public static double waitUntilQuiet(double stepSeconds, double busyShare, int quietSteps, double maxSeconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (maxSeconds * 1e9);
        long stepMillis = Math.max(1, (long) (stepSeconds * 1000));
        int quiet = 0;
        while (quiet < quietSteps && System.nanoTime() < deadline) {
            JitActivity step = new JitActivity();
            if (step.before.isEmpty()) {
                break;
            }
            Thread.sleep(stepMillis);
            quiet = step.millis() <= busyShare * stepMillis ? quiet + 1 : 0;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * True if this JVM compiles with C1 only ({@code -XX:TieredStopAtLevel=1} or lower), as the
     * launcher starts {@code duplex video}; false with C2 too (the JVM's default).
     */
    public static boolean c1Only() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            return vm != null && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) <= 1;
        } catch (IllegalArgumentException e) {
            return false; // not a HotSpot JVM
        }
    }

    /** Nanoseconds on a CPU of each live compiler thread ("C1 CompilerThread0", "C2 CompilerThre…"), by id. */
    private static Map<String, Long> compilerNanos() {
        Map<String, Long> nanos = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return nanos;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String schedstat = Files.readString(task.resolve("schedstat")).trim();
                        nanos.put(task.getFileName().toString(), Long.parseLong(schedstat.split(" ")[0]));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: its time is no longer counted
                }
            }
        } catch (IOException e) {
            return nanos;
        }
        return nanos;
    }
}
