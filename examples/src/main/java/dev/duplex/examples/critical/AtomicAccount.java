package dev.duplex.examples.critical;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fix 3, without a lock: the write is a compare-and-set that succeeds only if the balance is still
 * the one that was read; if another thread changed it in between, the operation reads again and
 * retries. Nobody waits, and no update is lost. ({@code AtomicInteger.addAndGet} does the same
 * loop; it is spelled out here to show it.)
 */
public final class AtomicAccount implements Account {
    private final AtomicInteger balance;
    private final Interleaving interleaving;

    public AtomicAccount(int balance, Interleaving interleaving) {
        this.balance = new AtomicInteger(balance);
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
        return balance.get();
    }

    private int update(String operation, int delta) {
        while (true) {
            int local = balance.get();
            interleaving.afterRead(operation, local);
            int updated = local + delta;
            if (balance.compareAndSet(local, updated)) {
                interleaving.afterWrite(operation, updated);
                return updated;
            }
            interleaving.compareAndSetFailed(operation, local, balance.get());
        }
    }
}
