package dev.duplex.examples.sockets;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The console of the socket programs, shared by their receiving, sending and accepting threads.
 * Like the lecture's {@code LOCK.acquire(); print(...); print(...); LOCK.release()}, the lines of
 * one call are printed together, never mixed with another thread's.
 */
public final class LockedConsole {
    private final Lock lock = new ReentrantLock();
    private final PrintStream out;

    public LockedConsole(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Prints the lines as one block. */
    public void println(String... lines) {
        lock.lock();
        try {
            for (String line : lines) {
                out.println(line);
            }
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
