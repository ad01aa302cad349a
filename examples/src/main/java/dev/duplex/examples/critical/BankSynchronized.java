package dev.duplex.examples.critical;

import dev.duplex.examples.Args;
import java.io.PrintStream;

/**
 * Mirrors the lecture's "파이썬의 Critical Section (임계구역) 관리" ({@code LOCK = threading.Lock()}
 * around the bank account's read-modify-write), fixed with a {@code synchronized} critical
 * section ({@link SynchronizedAccount}).
 *
 * <p>What differs in Java: the program forces the same bad schedule as {@link BankLostUpdate} and
 * gets 90 anyway, then runs many deposit/withdraw pairs on several threads against one account and
 * compares the balance with the exact expected value.
 */
public final class BankSynchronized {
    private BankSynchronized() {
    }

    /** {@code bank-synchronized [--threads T] [--pairs P]}: the forced schedule, then heavy contention. */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        Args a = Args.parse("bank-synchronized", args, "--threads", "--pairs");
        int threads = a.intOption("--threads", 4, 1, 64);
        int pairs = a.intOption("--pairs", 10_000, 0, 10_000_000);
        BankDemo.runFix("Fix 1: synchronized (the account's monitor guards the read-modify-write)",
                SynchronizedAccount::new, true, threads, pairs, out);
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.out);
    }
}
