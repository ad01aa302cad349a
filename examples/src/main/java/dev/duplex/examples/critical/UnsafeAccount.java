package dev.duplex.examples.critical;

import java.util.Objects;

/**
 * The lecture's account without a critical section: the read, the arithmetic and the write of an
 * operation can be separated by a thread switch, and then one update overwrites the other. The
 * field is deliberately neither volatile nor guarded.
 */
public final class UnsafeAccount implements Account {
    private final Interleaving interleaving;
    private int balance;

    public UnsafeAccount(int balance, Interleaving interleaving) {
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
        return balance;
    }

    private int update(String operation, int delta) {
        int local = balance;                          // l_acct = g_acct
        interleaving.afterRead(operation, local);     // a thread switch here loses an update
        local = local + delta;                        // l_acct = l_acct + deposit (or - withdraw)
        balance = local;                              // g_acct = l_acct
        interleaving.afterWrite(operation, local);
        return local;
    }
}
