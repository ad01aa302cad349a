package dev.duplex.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a program as a person would (the distribution tests, nested Maven builds), in a given folder with exactly the given environment, and
 * keeps what it printed (in files, so a long build cannot block on a full pipe).
 *
 * @param exitCode the exit code
 * @param out      standard output
 * @param err      standard error
 * @param took     how long it ran
 */
public record ChildProcess(int exitCode, String out, String err, Duration took) {
    /**
     * Runs {@code command} and waits for it, at most {@code limit} (then it is killed and this fails).
     *
     * @param logs where its output is kept, as {@code NAME.out} and {@code NAME.err}
     */
    public static ChildProcess run(List<String> command, Path directory, Map<String, String> env, Duration limit,
                            Path logs, String name) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not end within " + limit + "; its output is in " + logs);
        }
        return new ChildProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The first {@code name} on this JVM's PATH. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- out\n" + out + "--- err\n" + err;
    }
}
