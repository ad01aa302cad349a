package dev.duplex.examples.critical;

import dev.duplex.examples.Args;
import java.io.PrintStream;

/**
 * Mirrors the lecture's "Critical Section (임계구역)" tables: {@code g_acct = 100}, a deposit of 70
 * and a withdrawal of 80 on two threads. In turn they leave 90; with a thread switch between a
 * read and its write, one update overwrites the other and 170 or 20 is left.
 *
 * <p>What differs in Java: the lecture can only describe the bad schedule, because the scheduler
 * rarely produces it on demand. Here a {@link TracedSchedule} forces it with a latch, so both lost
 * updates happen on every run. A last, uncontrolled run on several threads shows what the
 * scheduler does on its own: usually, but not always, a wrong balance.
 */
public final class BankLostUpdate {
    private BankLostUpdate() {
    }

    /** {@code bank-lost-update [--threads T] [--pairs P]}: the lecture's three schedules. */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        Args a = Args.parse("bank-lost-update", args, "--threads", "--pairs");
        int threads = a.intOption("--threads", 4, 1, 64);
        int pairs = a.intOption("--pairs", 10_000, 0, 10_000_000);
        out.println("Account without a critical section (g_acct = " + BankDemo.INITIAL_BALANCE + ")");
        out.println();
        out.println("1. In turn: deposit(" + BankDemo.DEPOSIT + ") runs to the end, then withdraw("
                + BankDemo.WITHDRAW + ")");
        out.println(BankDemo.verdict(BankDemo.inTurn(UnsafeAccount::new, out)));
        out.println();
        out.println("2. Thread switch after deposit has read g_acct");
        out.println(BankDemo.verdict(BankDemo.withForcedSwitch(UnsafeAccount::new, true, false, out)));
        out.println();
        out.println("3. Thread switch after withdraw has read g_acct");
        out.println(BankDemo.verdict(BankDemo.withForcedSwitch(UnsafeAccount::new, false, false, out)));
        out.println();
        out.println("4. No forcing: " + pairs + " pairs on " + threads + " threads, left to the scheduler");
        int balance = BankDemo.hammer(new UnsafeAccount(BankDemo.INITIAL_BALANCE, Interleaving.NONE), threads, pairs);
        int expected = BankDemo.expectedAfter(pairs);
        out.println("expected " + expected + ", got " + balance
                + (balance == expected ? " (lucky this time: nothing guarantees it)" : " (updates were lost)"));
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.out);
    }
}
