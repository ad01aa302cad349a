package dev.duplex.bench.lecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the lecture's Python video programs (core's test resources {@code /lecture/video_*.py}, packed into this module's jar,
 * adapted only to use generated 320x240 frames and to stop by themselves) run by Debian's
 * {@code /usr/bin/python3} with OpenCV. Always bounded: the scripts stop at their deadline, and
 * {@link #close()} kills what is left.
 */
final class LecturePython implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern RECEIVED = Pattern.compile("received (\\d+) frames");

    private final Process process;
    private final Path output;
    private final Path script;
    private volatile Duration cpu = Duration.ZERO;

    private LecturePython(Process process, Path output, Path script) {
        this.process = process;
        this.output = output;
        this.script = script;
    }

    /** True when python3 with cv2 and numpy can run here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import cv2, numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code /lecture/<name>} (from the class path) with arguments. */
    static LecturePython start(String name, String... args) throws IOException {
        Path script = Files.createTempFile("lecture-", "-" + name);
        try (InputStream in = LecturePython.class.getResourceAsStream("/lecture/" + name)) {
            if (in == null) {
                throw new IOException("The lecture program /lecture/" + name + " is not on the class path "
                        + "(the benchmarks jar packs it from core/src/test/resources/lecture).");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = Files.createTempFile("lecture-", ".out");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-u", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new LecturePython(p, out, script);
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the output contains {@code text}; false if it did not within {@code timeout}. */
    boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits for the program to end by itself, noting its CPU time meanwhile; false on timeout. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < end) {
            process.info().totalCpuDuration().ifPresent(d -> cpu = d);
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return !process.isAlive();
    }

    /** The CPU time last seen while it ran. */
    Duration cpu() {
        return cpu;
    }

    /** The count it printed at the end ("received N frames"), or -1. */
    long receivedFrames() {
        Matcher m = RECEIVED.matcher(output());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(output);
        Files.deleteIfExists(script);
    }
}
