package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * An in-process Flight Recorder profile of one phase, on request ({@code -Dduplex.bench.profile=true}):
 * execution samples of the threads whose names start with a given prefix, counted by their top
 * frame (where the time is spent) and by every method on the stack (what it is spent under), and
 * the sampled allocations of those threads by class and by the code that allocated them. With
 * {@code -Dduplex.bench.profileDir=DIR} each phase's recording is also kept in DIR (for {@code jfr}).
 */
public final class JfrHotMethods {
    private final Recording recording;

    private JfrHotMethods(Recording recording) {
        this.recording = recording;
    }

    /** Starts a recording when {@code duplex.bench.profile} is true, else returns null. */
    public static JfrHotMethods startIfAsked() {
        return asked() ? start() : null;
    }

    /** True when {@code -Dduplex.bench.profile=true} asks for profiles. */
    public static boolean asked() {
        return Boolean.getBoolean("duplex.bench.profile");
    }

    /** Starts a recording of execution and allocation samples. */
    public static JfrHotMethods start() {
        Recording r = new Recording();
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
        r.start();
        return new JfrHotMethods(r);
    }

    /** Stops and summarizes every thread's samples: the {@code top} hottest top frames. */
    public String stopAndSummarize(int top) throws IOException {
        return stopAndSummarize(top, "");
    }

    /**
     * Stops and summarizes the samples of threads whose names start with {@code threadPrefix}: the
     * {@code top} hottest top frames, the methods most often on the stack, and the allocations.
     */
    public String stopAndSummarize(int top, String threadPrefix) throws IOException {
        recording.stop();
        Path file = Files.createTempFile("duplex-bench", ".jfr");
        try {
            recording.dump(file);
            String keepIn = System.getProperty("duplex.bench.profileDir");
            if (keepIn != null) {
                Path kept = Files.createTempFile(Files.createDirectories(Path.of(keepIn)),
                        threadPrefix.isEmpty() ? "all-" : threadPrefix, ".jfr");
                Files.copy(file, kept, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("  recording kept in " + kept);
            }
            Tally self = new Tally();
            Tally onStack = new Tally();
            Tally allocatedClasses = new Tally();
            Tally allocationSites = new Tally();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()
                        || !threadName(e).startsWith(threadPrefix)) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ObjectAllocationSample")) {
                    long weight = e.getLong("weight");
                    String allocated = e.getClass("objectClass").getName();
                    allocatedClasses.add(allocated, weight);
                    allocationSites.add(allocated + " <- " + callers(frames, 3), weight);
                    continue;
                }
                String kind = type.equals("jdk.NativeMethodSample") ? "native " : "";
                self.add(kind + name(frames.get(0)), 1);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        onStack.counts.merge(n, 1L, Long::sum);
                    }
                }
                onStack.total++;
            }
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "  execution samples%s: %d%n",
                    threadPrefix.isEmpty() ? "" : " of " + threadPrefix + "*", self.total));
            out.append("  top frames:\n").append(self.top(top, "samples"));
            out.append("  on the stack (inclusive):\n").append(onStack.top(top * 2, "samples"));
            out.append(String.format(Locale.ROOT, "  allocations sampled: %.1f MB%n", allocatedClasses.total / 1e6));
            out.append("  allocated classes:\n").append(allocatedClasses.top(top, "bytes"));
            out.append("  allocation sites:\n").append(allocationSites.top(top, "bytes"));
            return out.toString();
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }

    private static String threadName(RecordedEvent e) {
        RecordedThread t = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
        return t == null || t.getJavaName() == null ? "" : t.getJavaName();
    }

    /** The first {@code n} frames below the JDK's own, e.g. "Room.fanOut <- RelayMemberHandler.relayText". */
    private static String callers(List<RecordedFrame> frames, int n) {
        StringBuilder site = new StringBuilder();
        int taken = 0;
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("java.") || type.startsWith("jdk.")) {
                continue;
            }
            site.append(taken == 0 ? "" : " <- ").append(name(f));
            if (++taken == n) {
                break;
            }
        }
        return site.toString();
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** Counts (or weights) by key. */
    private static final class Tally {
        private final Map<String, Long> counts = new HashMap<>();
        private long total;

        void add(String key, long weight) {
            counts.merge(key, weight, Long::sum);
            total += weight;
        }

        String top(int n, String unit) {
            StringBuilder out = new StringBuilder();
            long all = Math.max(1, total);
            counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n)
                    .forEach(en -> out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n",
                            100.0 * en.getValue() / all, en.getKey())));
            return out.length() == 0 ? "    (no " + unit + ")\n" : out.toString();
        }
    }
}
