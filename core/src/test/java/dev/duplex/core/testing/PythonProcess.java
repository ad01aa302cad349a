package dev.duplex.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One of the lecture's Python programs (test resources under {@code /lecture/}) run by Debian's
 * {@code /usr/bin/python3} with OpenCV, its output captured to a file. Always bounded: the scripts
 * stop themselves, and {@link #close()} kills what is left.
 */
public final class PythonProcess implements AutoCloseable {
    /** Debian's interpreter, where apt's python3-opencv lives (.ci/run installs it). */
    public static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final Path output;

    private PythonProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Skips the calling test when python3 with cv2 is not installed (it is on CI). */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(isAvailable(), PYTHON + " with cv2 is not installed (apt-get install python3-opencv)");
    }

    /** True when {@value #PYTHON} with cv2 and numpy runs here (as on CI). */
    public static boolean isAvailable() {
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

    /** Skips the calling test where there is no {@value #PYTHON} at all (cv2 not needed). */
    public static void assumeInterpreter() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed");
    }

    /** Starts {@code /lecture/<script>} with arguments. */
    public static PythonProcess start(String script, String... args) throws IOException {
        // Copied out of the class path, which may be a jar (core's test-jar, in the apps' tests).
        Path file = Files.createTempFile("lecture-", "-" + script);
        try (java.io.InputStream in = PythonProcess.class.getResourceAsStream("/lecture/" + script)) {
            if (in == null) {
                throw new IOException("no test resource /lecture/" + script);
            }
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        return run(file, args);
    }

    /** Starts the Python program in {@code file} with arguments. */
    public static PythonProcess run(Path file, String... args) throws IOException {
        Path out = Files.createTempFile("python-" + file.getFileName(), ".out");
        String[] command = new String[args.length + 3];
        command[0] = PYTHON;
        command[1] = "-u";
        command[2] = file.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new PythonProcess(p, out);
    }

    /** Everything the program printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The program's standard input (the lecture's console or Send button). */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The exit code (once ended). */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits for the program to end by itself; false if it did not within {@code timeout}. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
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
    }
}
