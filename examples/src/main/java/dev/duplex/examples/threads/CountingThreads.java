package dev.duplex.examples.threads;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Mirrors the lecture's "Multi-tasking with Python threads": {@code Sample_Thread(name, max_count)}
 * counts and sleeps; {@code main()} starts threads A, B and C as daemons, calls
 * {@code join(timeout = 1.0)} after each start, then polls {@code is_alive()} and prints
 * {@code threading.active_count()} and {@code threading.enumerate()} until all have terminated.
 *
 * <p>What differs in Java: the threads count with different delays (A x1, B x1.5, C x2) so that
 * they finish in turn, and the delay is an option ({@code --delay-ms}, default 200 ms; the lecture
 * sleeps one second). {@code Thread.activeCount()} would also count every thread of the JVM (the
 * JIT, the garbage collector's helpers, a test runner's), so the workers are started in a
 * {@link ThreadGroup} of their own and the program counts and enumerates that group.
 */
public final class CountingThreads {
    private CountingThreads() {
    }

    /** The lecture's {@code Sample_Thread}: counts 0 .. maxCount, sleeping between counts. */
    static void sampleThread(String name, int maxCount, long delayMs, PrintStream out) {
        out.println("Thread_" + name + " is activated");
        int count = 0;
        try {
            while (true) {
                out.println("Thread_" + name + " is still running (count: " + count + ")");
                count++;
                if (count > maxCount) {
                    break;
                }
                Thread.sleep(delayMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Thread (" + name + ") was interrupted");
        }
        out.println("Thread (" + name + ") is terminating");
    }

    /** {@code threads [--delay-ms D] [--count N]}: the lecture's three counting threads. */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        Args a = Args.parse("threads", args, "--delay-ms", "--count");
        int delayMs = a.intOption("--delay-ms", 200, 0, 60_000);
        int maxCount = a.intOption("--count", 10, 0, 1_000);

        ThreadGroup workers = new ThreadGroup("lecture-workers");
        String[] names = {"A", "B", "C"};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            long delay = delayMs * (2L + i) / 2; // A x1, B x1.5, C x2
            Thread t = new Thread(workers, () -> sampleThread(name, maxCount, delay, out), "Thread_" + name);
            t.setDaemon(true); // as t.daemon = True: it would not keep the JVM alive on its own
            threads.add(t);
        }

        for (Thread t : threads) {
            out.println("Activating " + t.getName());
            t.start();
            t.join(Math.max(1, delayMs)); // join(timeout = 1.0): wait a little, not until the end
        }
        while (true) {
            if (threads.stream().noneMatch(Thread::isAlive)) {
                break;
            }
            Thread[] active = new Thread[workers.activeCount() + 4];
            int n = workers.enumerate(active);
            String list = Arrays.stream(active, 0, n).map(CountingThreads::describe)
                    .collect(Collectors.joining(", ", "[", "]"));
            out.println("main(): still " + n + " worker threads (plus main) are active : " + list);
            Thread.sleep(Math.max(1, delayMs));
        }
        out.println("main(): all threads are terminated now !!");
    }

    private static String describe(Thread t) {
        return "<" + t.getName() + ", " + t.getState().name().toLowerCase() + (t.isDaemon() ? " daemon" : "") + ">";
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.out);
    }
}
