package dev.duplex.core.internal.cluster;

import dev.duplex.core.internal.transport.BatchLimits;
import dev.duplex.core.internal.transport.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster engine's one thread: what Redis answers and publishes is handed here, so that a room's
 * texts are forwarded in one order and the engine's state needs no lock. After each run of tasks
 * the writes they collected ({@link #writes()}) go to the relay's event loops, one task per loop. A
 * tick runs every {@code tickMillis} (the node's heartbeat). The task queue is bounded; a task
 * refused when it is full is counted (a text lost that way is read back from Redis later).
 */
final class CallbackThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackThread.class);
    /** Tasks run before their writes are submitted, at most. */
    private static final int TASKS_PER_BATCH = 256;

    private final BlockingQueue<Runnable> tasks;
    private final WriteBatch writes;
    private final Thread thread;
    private final long tickNanos;
    private final Runnable tick;
    private final LongAdder refused = new LongAdder();
    private volatile boolean closing;

    CallbackThread(int capacity, BatchLimits limits, long tickMillis, Runnable tick) {
        this.tasks = new ArrayBlockingQueue<>(capacity);
        this.writes = new WriteBatch(limits);
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.tick = tick;
        this.thread = new Thread(this::run, "duplex-cluster");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a task; false (and counted) if the queue is full or the thread is stopping. */
    boolean offer(Runnable task) {
        if (!closing && tasks.offer(task)) {
            return true;
        }
        refused.increment();
        return false;
    }

    /** Queues a task that has no other way to run; logs if it cannot. */
    void execute(Runnable task) {
        if (!offer(task) && !closing) {
            log.warn("The cluster engine's queue is full ({} tasks): a task was dropped", tasks.size());
        }
    }

    boolean onThread() {
        return Thread.currentThread() == thread;
    }

    /** The writes of this run of tasks (only on the thread). */
    WriteBatch writes() {
        assert onThread() : "cluster writes used on " + Thread.currentThread().getName();
        return writes;
    }

    long refused() {
        return refused.sum();
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>();
        long nextTick = System.nanoTime() + tickNanos;
        while (!closing || !tasks.isEmpty()) {
            try {
                long wait = Math.max(0, nextTick - System.nanoTime());
                Runnable first = tasks.poll(wait, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    tasks.drainTo(batch, TASKS_PER_BATCH - 1);
                    for (Runnable task : batch) {
                        safely(task);
                    }
                    batch.clear();
                }
                if (System.nanoTime() - nextTick >= 0 && !closing) {
                    nextTick = System.nanoTime() + tickNanos;
                    safely(tick);
                }
                if (writes.size() > 0) {
                    writes.submit();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | AssertionError e) {
            log.warn("A cluster engine task failed", e);
        }
    }

    /** Runs what is queued, then stops. Idempotent. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
