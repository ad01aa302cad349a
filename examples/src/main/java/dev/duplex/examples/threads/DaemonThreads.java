package dev.duplex.examples.threads;

import dev.duplex.examples.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Mirrors the lecture's {@code daemon} attribute ("Python Threading" table: a daemon thread runs in
 * the background and ends with the main program; it must be set before {@code start()}).
 *
 * <p>What differs in Java: the rule is "the JVM exits when only daemon threads are left", and a
 * program cannot show that exit inside the JVM that runs it (nor should a test end its own JVM).
 * So this program starts a second, small JVM ({@link Child}) whose {@code main} returns at once,
 * leaving an endless daemon thread and a non-daemon thread that ticks a few times: the child JVM
 * lives exactly as long as the non-daemon thread, and the daemon is stopped mid-loop. Before that
 * it shows, in this JVM, that a new thread inherits its creator's daemon status and that
 * {@code setDaemon} after {@code start()} is refused.
 */
public final class DaemonThreads {
    private static final long CHILD_TIMEOUT_SECONDS = 20;

    private DaemonThreads() {
    }

    /** {@code daemon-threads [--delay-ms D] [--ticks N]}: the in-process rules, then the child JVM. */
    public static void run(String[] args, PrintStream out) throws IOException, InterruptedException {
        Args a = Args.parse("daemon-threads", args, "--delay-ms", "--ticks");
        int delayMs = a.intOption("--delay-ms", 200, 1, 10_000);
        int ticks = a.intOption("--ticks", 5, 1, 100);

        Thread current = Thread.currentThread();
        // It waits until main has tried setDaemon: a thread that already ended would not refuse it.
        CountDownLatch tried = new CountDownLatch(1);
        Thread plain = new Thread(() -> {
            try {
                tried.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "plain");
        out.println("main(): " + current.getName() + ".isDaemon() = " + current.isDaemon()
                + "; a thread it creates inherits that: plain.isDaemon() = " + plain.isDaemon());
        plain.start();
        try {
            plain.setDaemon(true);
        } catch (IllegalThreadStateException e) {
            out.println("main(): setDaemon(true) after start() is refused with IllegalThreadStateException");
        } finally {
            tried.countDown();
        }
        plain.join();

        out.println("main(): starting a child JVM: its main returns at once, leaving one daemon thread"
                + " and one non-daemon thread");
        List<String> command = List.of(javaExecutable(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", codeSource(), Child.class.getName(), String.valueOf(delayMs), String.valueOf(ticks));
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread copier = new Thread(() -> copyLines(child, out), "child-output");
        copier.setDaemon(true);
        copier.start();
        child.getOutputStream().close();
        if (child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            copier.join(TimeUnit.SECONDS.toMillis(2));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            out.println("main(): the child JVM exited with status " + child.exitValue() + " after " + ms
                    + " ms, when its non-daemon thread ended; the daemon thread was stopped mid-loop");
        } else {
            child.destroyForcibly();
            out.println("main(): the child JVM was still running after " + CHILD_TIMEOUT_SECONDS
                    + " s, so it was stopped; a non-daemon thread must have kept it alive");
        }
    }

    private static void copyLines(Process child, PrintStream out) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println("  child | " + line);
            }
        } catch (IOException e) {
            out.println("main(): could not read the child's output: " + e.getMessage());
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where this class was loaded from: enough class path for {@link Child}, which uses only the JDK. */
    private static String codeSource() {
        try {
            return Path.of(Child.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("Cannot locate the examples' classes", e));
        }
    }

    /**
     * The child JVM's program: {@code Child DELAY_MS TICKS}. Its main returns at once; an endless
     * daemon thread and a non-daemon thread that ticks {@code TICKS} times stay behind.
     */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) {
            long delayMs = Long.parseLong(args[0]);
            int ticks = Integer.parseInt(args[1]);
            Thread daemon = new Thread(() -> {
                for (int i = 0; ; i++) {
                    System.out.println("daemon     : tick " + i);
                    if (!pause(delayMs / 2)) {
                        return;
                    }
                }
            }, "daemon");
            daemon.setDaemon(true);
            Thread worker = new Thread(() -> {
                for (int i = 0; i < ticks; i++) {
                    System.out.println("non-daemon : tick " + i);
                    pause(delayMs);
                }
                System.out.println("non-daemon : done; only daemon threads are left, so the JVM exits");
            }, "worker");
            daemon.start();
            worker.start();
            System.out.println("main       : returning; the JVM waits for non-daemon threads only");
        }

        private static boolean pause(long ms) {
            try {
                Thread.sleep(ms);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        run(args, System.out);
    }
}
