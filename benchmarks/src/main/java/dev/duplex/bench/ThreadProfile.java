package dev.duplex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A poor man's profile of this JVM: CPU time and bytes allocated per thread group (thread name
 * without its trailing numbers) between {@link #start()} and {@link #stop()}. Enough to see which
 * stage is saturated (a group near 1.0 core) and who allocates.
 */
public final class ThreadProfile {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, long[]> before = new TreeMap<>();
    private final Map<Long, String> names = new TreeMap<>();
    private long startNanos;
    private final Map<String, double[]> groups = new TreeMap<>();
    private double seconds;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long processCpuBefore;
    private double processCpuSeconds;

    /** Takes the first snapshot. */
    public ThreadProfile start() {
        before.clear();
        for (long id : threads.getAllThreadIds()) {
            before.put(id, new long[] {Math.max(0, threads.getThreadCpuTime(id)),
                Math.max(0, threads.getThreadAllocatedBytes(id))});
        }
        processCpuBefore = os.getProcessCpuTime();
        startNanos = System.nanoTime();
        return this;
    }

    /** Takes the second snapshot and groups the differences. */
    public ThreadProfile stop() {
        seconds = (System.nanoTime() - startNanos) / 1e9;
        processCpuSeconds = (os.getProcessCpuTime() - processCpuBefore) / 1e9;
        groups.clear();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long id = info.getThreadId();
            long cpu = threads.getThreadCpuTime(id);
            long alloc = threads.getThreadAllocatedBytes(id);
            long[] b = before.getOrDefault(id, new long[2]);
            String group = info.getThreadName().replaceAll("[-_]?[0-9]+([-_][0-9]+)*$", "");
            names.put(id, group);
            double[] g = groups.computeIfAbsent(group, k -> new double[2]);
            g[0] += Math.max(0, cpu - b[0]) / 1e9;
            g[1] += Math.max(0, alloc - b[1]);
        }
        return this;
    }

    /** CPU cores the whole process used on average, JIT compiler and GC threads included. */
    public double processCores() {
        return processCpuSeconds / seconds;
    }

    /** CPU seconds of every Java thread together (not the JIT compiler or GC threads). */
    public double totalCpuSeconds() {
        return groups.values().stream().mapToDouble(g -> g[0]).sum();
    }

    /** Bytes allocated by every thread together. */
    public double totalAllocatedBytes() {
        return groups.values().stream().mapToDouble(g -> g[1]).sum();
    }

    /** Lines "group: 0.93 cores, 120 MB/s allocated", busiest first (groups under 1 % left out). */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  %-28s %5.2f cores (JIT and GC threads included)%n", "whole process", processCores()));
        groups.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .filter(e -> e.getValue()[0] / seconds >= 0.01)
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %-28s %5.2f cores  %8.1f MB/s allocated%n",
                        e.getKey(), e.getValue()[0] / seconds, e.getValue()[1] / seconds / 1e6)));
        return out.toString();
    }
}
