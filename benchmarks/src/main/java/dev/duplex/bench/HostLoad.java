package dev.duplex.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with other work while a benchmark ran: all CPU time from /proc/stat
 * minus this JVM's (child processes started by the benchmark count as "other" too). Figures
 * measured on a machine shared with other jobs say so with this number.
 * <p>
 * On a virtual machine, also the time its host ran something else while this machine had work
 * ({@link #stolenCores()}, /proc/stat's "steal"): on the 2-core VM of BENCHMARKS.md it reached
 * about half the machine for minutes at a time, which no figure measured then can be read without.
 */
public final class HostLoad {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    /** Indexes into {@link #ticks()}. */
    private static final int BUSY = 0;
    private static final int STEAL = 1;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long[] ticks0 = ticks();
    private final long ownNanos0 = os.getProcessCpuTime();
    private final long wall0 = System.nanoTime();

    /**
     * Average cores busy with anything but this JVM since construction (0 when unknown); not what
     * the VM's host took ({@link #stolenCores()}).
     */
    public double otherCores() {
        long[] ticks = ticks();
        if (ticks == null || ticks0 == null) {
            return 0;
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double all = (ticks[BUSY] - ticks0[BUSY]) / TICKS_PER_SECOND;
        double own = (os.getProcessCpuTime() - ownNanos0) / 1e9;
        return Math.max(0, (all - own) / wall);
    }

    /**
     * Average cores the virtual machine's host took since construction: time this machine's CPUs
     * had work to do but the host ran something else ("steal"; 0 on bare metal or when unknown).
     * Not part of {@link #otherCores()}.
     */
    public double stolenCores() {
        long[] ticks = ticks();
        if (ticks == null || ticks0 == null) {
            return 0;
        }
        return (ticks[STEAL] - ticks0[STEAL]) / TICKS_PER_SECOND / ((System.nanoTime() - wall0) / 1e9);
    }

    /** Average cores this JVM used since construction. */
    public double ownCores() {
        return (os.getProcessCpuTime() - ownNanos0) / 1e9 / ((System.nanoTime() - wall0) / 1e9);
    }

    /** The kernel's load averages over 1, 5 and 15 minutes ({@code uptime}'s figures), or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {busy, steal} ticks of all CPUs ({@link #parseCpuLine}), or null when unknown. */
    private static long[] ticks() {
        try {
            return parseCpuLine(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {busy, steal} ticks from /proc/stat's first line ({@code cpu user nice system idle iowait irq
     * softirq steal guest guest_nice}): busy is user to softirq without idle and iowait; guest time
     * is already in user and nice, and steal is not this machine's work.
     */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + line);
        }
        long busy = 0;
        for (int i = 1; i <= 7 && i < f.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return new long[] {busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
    }
}
