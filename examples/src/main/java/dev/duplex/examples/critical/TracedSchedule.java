package dev.duplex.examples.critical;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * An {@link Interleaving} that prints each step of the lecture's tables and, when asked to, forces
 * the "Thread Switching" between a read and its write: the first operation to read stops there
 * and lets a second thread run its whole operation, or run until it blocks at the critical
 * section; then the first one continues. Threads are coordinated with a latch and by watching the
 * second thread's state, so the schedule is the same on every run.
 */
public final class TracedSchedule implements Interleaving {
    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PrintStream out;
    private final boolean forceSwitch;
    private final boolean secondMayBlock;
    private final CountDownLatch firstHasRead = new CountDownLatch(1);
    private final AtomicBoolean switched = new AtomicBoolean();
    private volatile Thread second;
    private volatile boolean secondStarted;

    private TracedSchedule(PrintStream out, boolean forceSwitch, boolean secondMayBlock) {
        this.out = Objects.requireNonNull(out, "out");
        this.forceSwitch = forceSwitch;
        this.secondMayBlock = secondMayBlock;
    }

    /** Prints the steps; threads switch wherever the scheduler decides. */
    public static TracedSchedule tracing(PrintStream out) {
        return new TracedSchedule(out, false, false);
    }

    /**
     * Prints the steps and switches threads after the first read. {@code secondMayBlock} says
     * that the account has a critical section, so the second thread may stop at it instead of
     * finishing.
     */
    public static TracedSchedule forcedSwitch(PrintStream out, boolean secondMayBlock) {
        return new TracedSchedule(out, true, secondMayBlock);
    }

    /**
     * Starts {@code operation} on a new thread named {@code name}; with a forced switch it waits
     * until the first operation has read the balance.
     */
    public Thread startOperation(String name, Runnable operation) {
        Thread t = new Thread(() -> {
            if (forceSwitch) {
                try {
                    if (!firstHasRead.await(10, TimeUnit.SECONDS)) {
                        out.println("  (" + name + " gave up waiting for the first operation)");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            secondStarted = true;
            operation.run();
        }, name);
        second = t;
        t.start();
        return t;
    }

    @Override
    public void afterRead(String operation, int read) {
        out.println("  " + label(operation) + ": l_acct = g_acct  -> " + read);
        if (forceSwitch && switched.compareAndSet(false, true)) {
            out.println("  --- thread switching ---");
            firstHasRead.countDown();
            awaitSecondFinishedOrBlocked();
            out.println("  --- thread switching ---");
        }
    }

    @Override
    public void afterWrite(String operation, int written) {
        out.println("  " + label(operation) + ": g_acct = l_acct  -> " + written);
    }

    @Override
    public void compareAndSetFailed(String operation, int expected, int actual) {
        out.println("  " + label(operation) + ": compareAndSet(" + expected + ", ...) failed, g_acct is now "
                + actual + "; read again");
    }

    private void awaitSecondFinishedOrBlocked() {
        Thread t = second;
        if (t == null) {
            out.println("  (no second thread was started)");
            return;
        }
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                return;
            }
            if (secondMayBlock && secondStarted
                    && (state == Thread.State.BLOCKED || state == Thread.State.WAITING)) {
                out.println("  " + label(t.getName()) + ": waits at the critical section, held by "
                        + Thread.currentThread().getName());
                return;
            }
            LockSupport.parkNanos(20_000); // poll, without taking a core from the thread we wait for
        }
        out.println("  (" + t.getName() + " neither finished nor blocked within 10 s; continuing)");
    }

    private static String label(String operation) {
        return String.format("%-8s", operation);
    }
}
