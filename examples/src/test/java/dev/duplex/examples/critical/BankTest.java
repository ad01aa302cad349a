package dev.duplex.examples.critical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.examples.CapturedOutput;
import dev.duplex.examples.ExampleMain;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BankTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void withoutACriticalSectionTheForcedSwitchLosesAnUpdateEveryTime() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(BankDemo.withForcedSwitch(UnsafeAccount::new, true, false, QUIET))
                    .as("deposit switched out after its read").isEqualTo(170);
            assertThat(BankDemo.withForcedSwitch(UnsafeAccount::new, false, false, QUIET))
                    .as("withdraw switched out after its read").isEqualTo(20);
        }
    }

    @Test
    void inTurnTheUnsafeAccountIsRight() throws Exception {
        assertThat(BankDemo.inTurn(UnsafeAccount::new, QUIET)).isEqualTo(90);
    }

    @Test
    void lostUpdateProgramShowsAllThreeSchedules() throws Exception {
        CapturedOutput out = new CapturedOutput();

        BankLostUpdate.run(new String[] {"--pairs", "100"}, out.stream());

        assertThat(out.lines()).containsSubsequence(
                "final balance: 90 (correct)",
                "  deposit : l_acct = g_acct  -> 100",
                "  --- thread switching ---",
                "  withdraw: l_acct = g_acct  -> 100",
                "  withdraw: g_acct = l_acct  -> 20",
                "  --- thread switching ---",
                "  deposit : g_acct = l_acct  -> 170",
                "final balance: 170 (should be 90: the withdrawal of 80 was lost)",
                "final balance: 20 (should be 90: the deposit of 70 was lost)");
    }

    static Stream<Arguments> fixes() {
        return Stream.of(
                Arguments.of("synchronized", (AccountFactory) SynchronizedAccount::new, true),
                Arguments.of("ReentrantLock", (AccountFactory) LockAccount::new, true),
                Arguments.of("compare-and-set", (AccountFactory) AtomicAccount::new, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void fixGivesNinetyUnderTheForcedSwitchInBothOrders(String name, AccountFactory factory, boolean blocks)
            throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(BankDemo.withForcedSwitch(factory, true, blocks, QUIET)).isEqualTo(90);
            assertThat(BankDemo.withForcedSwitch(factory, false, blocks, QUIET)).isEqualTo(90);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void fixLosesNoUpdateUnderHeavyContention(String name, AccountFactory factory, boolean blocks)
            throws Exception {
        for (int round = 0; round < 20; round++) {
            int threads = 4 + round % 5;
            Account account = factory.create(BankDemo.INITIAL_BALANCE, Interleaving.NONE);

            int balance = BankDemo.hammer(account, threads, 10_000);

            assertThat(balance).as("round %d on %d threads", round, threads).isEqualTo(-99_900);
        }
    }

    @Test
    void lockedFixesMakeTheSecondThreadWaitUntilTheFirstHasWritten() throws Exception {
        for (AccountFactory factory : List.<AccountFactory>of(SynchronizedAccount::new, LockAccount::new)) {
            CapturedOutput out = new CapturedOutput();

            BankDemo.withForcedSwitch(factory, true, true, out.stream());

            assertThat(out.lines()).containsExactly(
                    "  deposit : l_acct = g_acct  -> 100",
                    "  --- thread switching ---",
                    "  withdraw: waits at the critical section, held by deposit",
                    "  --- thread switching ---",
                    "  deposit : g_acct = l_acct  -> 170",
                    "  withdraw: l_acct = g_acct  -> 170",
                    "  withdraw: g_acct = l_acct  -> 90");
        }
    }

    @Test
    void compareAndSetRetriesAfterTheOtherThreadChangedTheBalance() throws Exception {
        CapturedOutput out = new CapturedOutput();

        BankDemo.withForcedSwitch(AtomicAccount::new, true, false, out.stream());

        assertThat(out.lines()).containsExactly(
                "  deposit : l_acct = g_acct  -> 100",
                "  --- thread switching ---",
                "  withdraw: l_acct = g_acct  -> 100",
                "  withdraw: g_acct = l_acct  -> 20",
                "  --- thread switching ---",
                "  deposit : compareAndSet(100, ...) failed, g_acct is now 20; read again",
                "  deposit : l_acct = g_acct  -> 20",
                "  deposit : g_acct = l_acct  -> 90");
    }

    @Test
    void fixProgramsReportNinetyAndTheExactContentionResult() throws Exception {
        for (ExampleMain program : List.<ExampleMain>of(BankSynchronized::run, BankLock::run, BankAtomic::run)) {
            CapturedOutput out = new CapturedOutput();

            program.run(new String[] {"--threads", "4", "--pairs", "10000"}, out.stream());

            assertThat(out.lines()).contains("final balance: 90 (correct)",
                    "expected -99900, got -99900 (no update lost)");
        }
    }
}
