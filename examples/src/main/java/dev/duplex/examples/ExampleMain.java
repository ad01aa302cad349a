package dev.duplex.examples;

import java.io.PrintStream;

/**
 * The entry point of one teaching program: it reads its options from {@code args} and writes
 * everything it shows to {@code out}, so that a test can capture the output.
 */
@FunctionalInterface
public interface ExampleMain {
    void run(String[] args, PrintStream out) throws Exception;
}
