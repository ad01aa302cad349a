package dev.duplex.examples.critical;

/**
 * The lecture's shared bank account {@code g_acct}. Each operation is the lecture's
 * read-modify-write: {@code l_acct = g_acct; l_acct = l_acct +/- amount; g_acct = l_acct}, and
 * returns the balance it wrote (the lecture's {@code print(l_acct)}).
 */
public interface Account {
    int deposit(int amount);

    int withdraw(int amount);

    int balance();
}
