package dev.duplex.bench.conn;

import dev.duplex.core.security.Fingerprint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RelayProcess} started by the benchmark ({@code java -cp <this class path> ...}), with
 * its figures on request. {@link #close()} ends it, forcibly if it does not quit within five
 * seconds; a shutdown hook does the same if the benchmark is interrupted.
 */
final class ChildRelay implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final Thread hook;
    private final int port;
    private final Fingerprint fingerprint;

    private ChildRelay(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.hook = new Thread(process::destroyForcibly, "kill-child-relay");
        Runtime.getRuntime().addShutdownHook(hook);
        String ready = readLine("READY");
        String[] words = ready.substring("READY ".length()).trim().split(" ");
        this.port = Integer.parseInt(words[0]);
        this.fingerprint = words.length > 1 ? Fingerprint.parse(words[1]) : null;
    }

    /**
     * Starts {@code RelayProcess kind 0} ({@code kind}: duplex, tls or bare) with {@code -Xmx} of
     * {@code maxHeapMb} and waits until it listens.
     */
    static ChildRelay start(String kind, int maxHeapMb) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx" + maxHeapMb + "m", "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath, RelayProcess.class.getName(), kind,
                "0"));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildRelay(pb.start());
    }

    int port() {
        return port;
    }

    /** The relay's identity when it runs with TLS. */
    Optional<Fingerprint> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    long pid() {
        return process.pid();
    }

    /** Heap after GC, direct memory, CPU time and connections of the relay process, plus its RSS. */
    Map<String, Long> stats() throws IOException {
        in.println("STATS");
        String line = readLine("STATS");
        Map<String, Long> figures = new HashMap<>();
        for (String token : line.substring("STATS ".length()).trim().split(" ")) {
            String[] kv = token.split("=");
            figures.put(kv[0], Long.parseLong(kv[1]));
        }
        figures.put("rss", rssBytes());
        return figures;
    }

    /** The relay process's CPU time so far, in nanoseconds (asked without the full GCs of {@link #stats}). */
    long cpuNanos() throws IOException {
        in.println("CPU");
        return Long.parseLong(readLine("CPU ").substring("CPU ".length()).trim());
    }

    /**
     * Waits until the relay holds no connection (its clients closed them).
     *
     * @throws IllegalStateException if it still holds some after {@code timeoutSeconds}
     */
    void awaitNoConnections(int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (stats().get("connections") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The relay still holds connections after " + timeoutSeconds + " s.");
            }
            Thread.sleep(200);
        }
    }

    /** VmRSS of the process, from /proc/PID/status. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /**
     * The {@code top} biggest entries of the process's heap histogram ({@code jcmd PID
     * GC.class_histogram}, which runs a full GC first), or a sentence saying why there is none.
     */
    String heapHistogram(int top) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd in " + jcmd.getParent() + ": no heap histogram)";
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        List<String> lines;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            lines = r.lines().limit(top + 3L).toList();
        }
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        return String.join(System.lineSeparator(), lines);
    }

    /** Starts a Flight Recorder profile in the relay process ({@link RelayProcess}). */
    void startProfile() {
        in.println("PROFILE");
    }

    /** Stops the profile and returns its summary: the relay's hottest frames and allocation sites. */
    String endProfile() throws IOException {
        in.println("PROFILE_END");
        StringBuilder summary = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals("PROFILE_END")) {
            summary.append(line).append(System.lineSeparator());
        }
        return summary.toString();
    }

    private String readLine(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("The relay process ended without answering " + prefix + " (exit code "
                + (process.isAlive() ? "none yet" : process.exitValue()) + "); see its output above.");
    }

    @Override
    public void close() {
        in.println("QUIT");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs anyway.
            }
        }
    }
}
