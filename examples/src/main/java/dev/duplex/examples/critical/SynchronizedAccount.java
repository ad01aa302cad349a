package dev.duplex.examples.critical;

import java.util.Objects;

/**
 * Fix 1: the read-modify-write is a critical section guarded by the account's monitor
 * ({@code synchronized}), Java's built-in counterpart of the lecture's
 * {@code LOCK.acquire()} ... {@code LOCK.release()}. A thread switch inside it is harmless: the
 * other thread blocks at the monitor until this one has written.
 */
public final class SynchronizedAccount implements Account {
    private final Interleaving interleaving;
    private int balance;

    public SynchronizedAccount(int balance, Interleaving interleaving) {
        this.balance = balance;
        this.interleaving = Objects.requireNonNull(interleaving, "interleaving");
    }

    @Override
    public synchronized int deposit(int amount) {
        return update("deposit", amount);
    }

    @Override
    public synchronized int withdraw(int amount) {
        return update("withdraw", -amount);
    }

    @Override
    public synchronized int balance() {
        return balance;
    }

    private int update(String operation, int delta) {
        int local = balance;
        interleaving.afterRead(operation, local);
        local = local + delta;
        balance = local;
        interleaving.afterWrite(operation, local);
        return local;
    }
}
