package dev.duplex.bench.conn;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of a process's threads by kind, read from Linux's {@code /proc/PID/task/*}{@code /stat}:
 * every thread the kernel knows, so the JVM's own (JIT compilers, GC workers, the VM thread) too,
 * which the JVM's thread bean does not show. Threads are grouped by name without their trailing
 * numbers ({@code "GC Thread#1"} and {@code "GC Thread#0"} are {@code "GC Thread"}, {@code
 * "duplex-relay-3-1"} is {@code "duplex-relay"}). Resolution: the kernel's clock tick (10 ms).
 * Empty where there is no {@code /proc}.
 */
final class ThreadGroupCpu {
    /** Clock ticks per second of {@code /proc}'s CPU times (USER_HZ, 100 on Linux). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ThreadGroupCpu() {
    }

    /** CPU nanoseconds by thread group of the live threads of process {@code pid}. */
    static Map<String, Long> of(long pid) throws IOException {
        Map<String, Long> groups = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return groups;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException gone) {
                    continue;
                }
                // pid (comm) state ppid ...: the name may hold spaces and parentheses; fields follow the last ')'.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("([-#]\\d*)+$", "");
                String[] fields = stat.substring(close + 2).split(" ");
                // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                groups.merge(name, ticks * NANOS_PER_TICK, Long::sum);
            }
        }
        return groups;
    }

    /** {@code after - before}, group by group (a group that ended counts as 0). */
    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((group, nanos) -> delta.put(group, Math.max(0, nanos - before.getOrDefault(group, 0L))));
        return delta;
    }

    /** The sum of the groups whose names start with one of {@code prefixes}. */
    static long sum(Map<String, Long> groups, String... prefixes) {
        long sum = 0;
        for (Map.Entry<String, Long> e : groups.entrySet()) {
            for (String prefix : prefixes) {
                if (e.getKey().startsWith(prefix)) {
                    sum += e.getValue();
                    break;
                }
            }
        }
        return sum;
    }
}
