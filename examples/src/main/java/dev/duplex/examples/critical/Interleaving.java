package dev.duplex.examples.critical;

/**
 * A hook at the point of an account operation where a thread switch does the damage: after the
 * balance was read into the local copy and before the new balance is written back. Production code
 * has no such hook; here it lets a program force the lecture's bad schedule instead of waiting for
 * the scheduler to produce it.
 */
public interface Interleaving {
    /** No interference: threads switch wherever the scheduler decides. */
    Interleaving NONE = new Interleaving() {
        @Override
        public void afterRead(String operation, int read) {
        }
    };

    /** Called by {@code operation} ("deposit" or "withdraw") right after {@code l_acct = g_acct}. */
    void afterRead(String operation, int read);

    /** Called by {@code operation} right after {@code g_acct = l_acct}, still inside any critical section. */
    default void afterWrite(String operation, int written) {
    }

    /** Called by a compare-and-set account when another thread changed the balance in between. */
    default void compareAndSetFailed(String operation, int expected, int actual) {
    }
}
