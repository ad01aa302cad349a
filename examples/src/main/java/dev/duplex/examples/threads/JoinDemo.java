package dev.duplex.examples.threads;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Mirrors the lecture's use of {@code join()} and {@code join(timeout = 1.0)} ("Python Threading"
 * table: {@code join()}, {@code is_alive()}, {@code get_ident()}, {@code current_thread()}): a
 * join with a timeout returns when the time is up even if the thread still runs, a join without one
 * waits for the end.
 *
 * <p>What differs in Java: the timeout is in milliseconds ({@code --timeout-ms}, default 200). So
 * that the timed join is sure to time out, the worker waits until main releases it with a
 * {@link CountDownLatch} instead of sleeping longer than the timeout and hoping.
 */
public final class JoinDemo {
    private JoinDemo() {
    }

    /** {@code join [--timeout-ms T]}: a timed join that times out, then a join that waits. */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        int timeoutMs = Args.parse("join", args, "--timeout-ms").intOption("--timeout-ms", 200, 1, 60_000);
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            Thread me = Thread.currentThread();
            out.println("worker: started (name " + me.getName() + ", id " + me.getId() + "); waiting for main");
            try {
                release.await();
                out.println("worker: released by main; finishing");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker");

        out.println("main(): current thread is " + Thread.currentThread().getName());
        worker.start();
        long start = System.nanoTime();
        worker.join(timeoutMs);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        out.println("main(): join(timeout = " + timeoutMs + " ms) returned after " + waitedMs
                + " ms; worker.isAlive() = " + worker.isAlive());

        release.countDown();
        out.println("main(): worker released; join() waits as long as it takes");
        worker.join();
        out.println("main(): join() returned; worker.isAlive() = " + worker.isAlive());
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.out);
    }
}
