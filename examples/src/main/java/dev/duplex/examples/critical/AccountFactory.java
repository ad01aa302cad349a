package dev.duplex.examples.critical;

/** Creates one kind of {@link Account}; the constructors of the account classes fit it. */
@FunctionalInterface
public interface AccountFactory {
    Account create(int balance, Interleaving interleaving);
}
