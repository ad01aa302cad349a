package dev.duplex.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, for relays that share their rooms through Redis (a
 * cluster): on a free loopback port with its data in a directory the test gives (no Docker), with an
 * append-only file and {@code appendfsync always}, so what Redis acknowledged survives a kill. It can
 * be killed (SIGKILL), paused (SIGSTOP) and started again on the same port and data. Needs Debian's
 * {@code redis-server} (or one on the PATH).
 */
public final class RedisProcess implements AutoCloseable {
    /** Where Debian installs it; else whatever the PATH has. */
    private static final String BINARY = Files.isExecutable(Path.of("/usr/bin/redis-server"))
            ? "/usr/bin/redis-server" : "redis-server";

    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;

    private RedisProcess(Path dir, int port, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    /**
     * Starts Redis with its data in {@code dir}; {@code extra} are more {@code --name value} settings.
     *
     * @throws IllegalStateException with a sentence where redis-server is not installed ({@code .ci/run}
     *                               installs it)
     */
    public static RedisProcess start(Path dir, String... extra) throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException("redis-server is not installed: apt-get install redis-server "
                    + "(.ci/run does).");
        }
        RedisProcess redis = new RedisProcess(dir, freePort(), List.of(extra));
        redis.startAgain();
        return redis;
    }

    /** True if redis-server can be run here. */
    public static boolean installed() {
        try {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts it (again) on the same port and data; returns once it answers. */
    public void startAgain() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--protected-mode", "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(extra);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile())
                .start();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > until) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not start: " + log());
            }
            Thread.sleep(20);
        }
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            return s.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** What Redis wrote to its log file so far ({@code "(no log)"} before it has one). */
    public String log() throws IOException {
        Path log = dir.resolve("redis.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** The loopback port Redis listens on (the same after {@link #startAgain()}). */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGKILL: what is not in the append-only file is lost. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP: Redis keeps its connections but answers nothing until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Kills Redis ({@link #kill()}); its data directory stays, for the test to look at or delete. */
    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
