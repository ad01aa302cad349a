package dev.duplex.examples.critical;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lecture's bank scenario, shared by the four bank programs: balance 100, a deposit of 70 and
 * a withdrawal of 80 on two threads, which must leave 90. It runs one pair under a chosen schedule,
 * or many pairs on many threads against one account.
 */
public final class BankDemo {
    /** The lecture's {@code g_acct}. */
    public static final int INITIAL_BALANCE = 100;
    public static final int DEPOSIT = 70;
    public static final int WITHDRAW = 80;
    /** What one deposit and one withdrawal leave: 90. */
    public static final int EXPECTED_BALANCE = INITIAL_BALANCE + DEPOSIT - WITHDRAW;

    private static final long JOIN_LIMIT_MS = TimeUnit.SECONDS.toMillis(30);

    private BankDemo() {
    }

    /**
     * The lecture's first table: deposit runs from start to end on its thread, then withdraw on
     * another. Returns the final balance.
     */
    public static int inTurn(AccountFactory factory, PrintStream out) throws InterruptedException {
        TracedSchedule schedule = TracedSchedule.tracing(out);
        Account account = factory.create(INITIAL_BALANCE, schedule);
        join(schedule.startOperation("deposit", () -> account.deposit(DEPOSIT)));
        join(schedule.startOperation("withdraw", () -> account.withdraw(WITHDRAW)));
        return account.balance();
    }

    /**
     * The lecture's second table: the thread that runs first is switched out right after reading
     * the balance, and the other runs its operation in between. Returns the final balance.
     *
     * @param depositFirst   whether the deposit (else the withdrawal) is the interrupted operation
     * @param secondMayBlock whether the account has a critical section the second thread waits at
     */
    public static int withForcedSwitch(AccountFactory factory, boolean depositFirst, boolean secondMayBlock,
                                       PrintStream out) throws InterruptedException {
        TracedSchedule schedule = TracedSchedule.forcedSwitch(out, secondMayBlock);
        Account account = factory.create(INITIAL_BALANCE, schedule);
        Runnable deposit = () -> account.deposit(DEPOSIT);
        Runnable withdraw = () -> account.withdraw(WITHDRAW);
        Thread second = schedule.startOperation(depositFirst ? "withdraw" : "deposit",
                depositFirst ? withdraw : deposit);
        Thread first = new Thread(depositFirst ? deposit : withdraw, depositFirst ? "deposit" : "withdraw");
        first.start();
        join(first);
        join(second);
        return account.balance();
    }

    /**
     * Heavy contention: {@code threads} threads released together share {@code pairs}
     * deposit/withdraw pairs against one account. Returns the final balance, which is
     * {@link #expectedAfter(int)} when no update was lost.
     */
    public static int hammer(Account account, int threads, int pairs) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        if (pairs < 0) {
            throw new IllegalArgumentException("pairs: " + pairs + " (expected: >= 0)");
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = pairs / threads + (t < pairs % threads ? 1 : 0);
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < share; i++) {
                        account.deposit(DEPOSIT);
                        account.withdraw(WITHDRAW);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, "bank-worker-" + t);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            join(worker);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A bank worker failed", failure.get());
        }
        return account.balance();
    }

    /** The balance after {@code pairs} deposit/withdraw pairs when none is lost. */
    public static int expectedAfter(int pairs) {
        return INITIAL_BALANCE + pairs * (DEPOSIT - WITHDRAW);
    }

    /** A sentence about a single pair's final balance. */
    public static String verdict(int balance) {
        if (balance == EXPECTED_BALANCE) {
            return "final balance: " + balance + " (correct)";
        }
        if (balance == INITIAL_BALANCE + DEPOSIT) {
            return "final balance: " + balance + " (should be " + EXPECTED_BALANCE
                    + ": the withdrawal of " + WITHDRAW + " was lost)";
        }
        if (balance == INITIAL_BALANCE - WITHDRAW) {
            return "final balance: " + balance + " (should be " + EXPECTED_BALANCE
                    + ": the deposit of " + DEPOSIT + " was lost)";
        }
        return "final balance: " + balance + " (should be " + EXPECTED_BALANCE + ")";
    }

    /** The shared body of the three fixed programs. */
    static void runFix(String title, AccountFactory factory, boolean hasCriticalSection, int threads, int pairs,
                       PrintStream out) throws InterruptedException {
        out.println(title);
        out.println("The lecture's bad schedule, forced: deposit is switched out right after reading g_acct");
        out.println(verdict(withForcedSwitch(factory, true, hasCriticalSection, out)));
        out.println();
        out.println("Heavy contention: " + pairs + " deposit(" + DEPOSIT + ")/withdraw(" + WITHDRAW + ") pairs on "
                + threads + " threads, one account starting at " + INITIAL_BALANCE);
        int balance = hammer(factory.create(INITIAL_BALANCE, Interleaving.NONE), threads, pairs);
        int expected = expectedAfter(pairs);
        out.println("expected " + expected + ", got " + balance
                + (balance == expected ? " (no update lost)" : " (updates were lost)"));
    }

    private static void join(Thread t) throws InterruptedException {
        t.join(JOIN_LIMIT_MS);
        if (t.isAlive()) {
            throw new IllegalStateException("Thread " + t.getName() + " did not finish within "
                    + JOIN_LIMIT_MS / 1000 + " s");
        }
    }
}
