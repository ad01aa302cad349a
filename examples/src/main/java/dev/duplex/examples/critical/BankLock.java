package dev.duplex.examples.critical;

import dev.duplex.examples.Args;
import java.io.PrintStream;

/**
 * Mirrors the lecture's "파이썬의 Critical Section (임계구역) 관리" ({@code LOCK = threading.Lock()}
 * around the bank account's read-modify-write), fixed with a
 * {@link java.util.concurrent.locks.ReentrantLock} ({@link LockAccount}), the lecture's own
 * {@code LOCK.acquire()}/{@code LOCK.release()}.
 *
 * <p>What differs in Java: the program forces the same bad schedule as {@link BankLostUpdate} and
 * gets 90 anyway, then runs many deposit/withdraw pairs on several threads against one account and
 * compares the balance with the exact expected value.
 */
public final class BankLock {
    private BankLock() {
    }

    /** {@code bank-lock [--threads T] [--pairs P]}: the forced schedule, then heavy contention. */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        Args a = Args.parse("bank-lock", args, "--threads", "--pairs");
        int threads = a.intOption("--threads", 4, 1, 64);
        int pairs = a.intOption("--pairs", 10_000, 0, 10_000_000);
        BankDemo.runFix("Fix 2: ReentrantLock (lock() ... unlock() in finally, as LOCK.acquire() ... LOCK.release())",
                LockAccount::new, true, threads, pairs, out);
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.out);
    }
}
