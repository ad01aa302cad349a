package dev.duplex.examples.critical;

import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fix 2: the critical section is guarded by an explicit {@link ReentrantLock}, the closest match
 * to the lecture's {@code LOCK = threading.Lock()}, {@code LOCK.acquire()} and
 * {@code LOCK.release()}. In Java the release goes in a {@code finally} block, so an exception
 * cannot leave the lock held (Python's {@code with LOCK:} does the same).
 */
public final class LockAccount implements Account {
    private final Lock lock = new ReentrantLock();
    private final Interleaving interleaving;
    private int balance;

    public LockAccount(int balance, Interleaving interleaving) {
        this.balance = balance;
        this.interleaving = Objects.requireNonNull(interleaving, "interleaving");
    }

    @Override
    public int deposit(int amount) {
        return update("deposit", amount);
    }

    @Override
    public int withdraw(int amount) {
        return update("withdraw", -amount);
    }

    @Override
    public int balance() {
        lock.lock();
        try {
            return balance;
        } finally {
            lock.unlock();
        }
    }

    private int update(String operation, int delta) {
        lock.lock();                                  // LOCK.acquire()
        try {
            int local = balance;
            interleaving.afterRead(operation, local);
            local = local + delta;
            balance = local;
            interleaving.afterWrite(operation, local);
            return local;
        } finally {
            lock.unlock();                            // LOCK.release()
        }
    }
}
