package dev.duplex.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A relay in its own JVM ({@link RelayMain}), killed with SIGKILL: a single node with its history in
 * a SQLite file, or a cluster node on a Redis. Started again on the same port with the same settings.
 */
public final class RelayProcess implements AutoCloseable {
    private final int port;
    private final List<String> args;
    private Process process;
    private Path log;
    /** Every run's log, oldest first. */
    private final List<Path> logs = new ArrayList<>();

    private RelayProcess(int port, List<String> args) {
        this.port = port;
        this.args = args;
    }

    /** A single node on {@code port} keeping its history in {@code db}. */
    public static RelayProcess single(int port, Path db) throws IOException, InterruptedException {
        RelayProcess relay = new RelayProcess(port, List.of(db.toString()));
        relay.startAgain();
        return relay;
    }

    /** A cluster node named {@code node} on a free port, through Redis at {@code redisUri}. */
    public static RelayProcess clusterNode(String redisUri, String node) throws IOException, InterruptedException {
        RelayProcess relay = new RelayProcess(freePort(), List.of("--cluster", redisUri, node));
        relay.startAgain();
        return relay;
    }

    /** Starts the relay (again); returns once it listens. */
    public void startAgain() throws IOException, InterruptedException {
        log = Files.createTempFile("relay", ".log");
        logs.add(log);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Joins (with their resume positions) and replays in the log, timed: what a failure needs.
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.dev.duplex.core.relay.RelayMemberHandler=debug",
                "-Dorg.slf4j.simpleLogger.log.dev.duplex.core.relay.HistoryReplay=debug",
                RelayMain.class.getName(), String.valueOf(port)));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.readString(log).contains("READY")) {
            if (!process.isAlive() || System.nanoTime() > until) {
                process.destroyForcibly();
                throw new IllegalStateException("relay did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** What the relay printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The lines of every run's log (each run's first line says where it started) that contain {@code text}. */
    public List<String> logLines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path run : logs) {
            for (String line : Files.readAllLines(run)) {
                if (line.contains(text) || line.contains("READY")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** SIGKILL (on Linux), and waits for the process to end. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** A port free now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
