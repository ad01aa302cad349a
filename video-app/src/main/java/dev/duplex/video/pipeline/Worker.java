package dev.duplex.video.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated thread running one stage of the video pipeline until closed. {@link #close()} asks it
 * to stop, interrupts its waits and joins it, so that closing a call leaves no thread behind.
 */
public abstract class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long JOIN_MILLIS = 3_000;

    private final Thread thread;
    private volatile boolean running = true;

    protected Worker(String threadName) {
        this.thread = new Thread(this::runAndFinish, threadName);
        // A forgotten close must not keep the JVM alive; close() still joins.
        this.thread.setDaemon(true);
    }

    /** Starts the thread. */
    public final void start() {
        thread.start();
    }

    /** True until {@link #close()} is called. */
    protected final boolean running() {
        return running;
    }

    /** The stage's work: loops while {@link #running()}; returns when asked to stop. */
    protected abstract void work() throws InterruptedException;

    /** Runs on the worker thread after {@link #work()} ends, however it ends. */
    protected void finished() {
    }

    private void runAndFinish() {
        try {
            work();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{} stopped: {}", thread.getName(), e.getMessage(), e);
        } finally {
            finished();
        }
    }

    /** True while the thread runs. */
    public final boolean isAlive() {
        return thread.isAlive();
    }

    /** Stops the thread and waits for it (up to 3 s). Idempotent. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (Thread.currentThread() != thread && thread.getState() != Thread.State.NEW) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {} ms.", thread.getName(), JOIN_MILLIS);
            }
        }
    }
}
