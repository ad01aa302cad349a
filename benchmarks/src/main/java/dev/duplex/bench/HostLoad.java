package dev.duplex.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with other work while a benchmark ran: all CPU time from /proc/stat
 * minus this JVM's (child processes started by the benchmark count as "other" too). Figures
 * measured on a machine shared with other jobs say so with this number.
 */
public final class HostLoad {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long busyTicks0 = busyTicks();
    private final long ownNanos0 = os.getProcessCpuTime();
    private final long wall0 = System.nanoTime();

    /** Average cores busy with anything but this JVM since construction (0 when unknown). */
    public double otherCores() {
        long busy = busyTicks();
        if (busy < 0 || busyTicks0 < 0) {
            return 0;
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double all = (busy - busyTicks0) / TICKS_PER_SECOND;
        double own = (os.getProcessCpuTime() - ownNanos0) / 1e9;
        return Math.max(0, (all - own) / wall);
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

    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
