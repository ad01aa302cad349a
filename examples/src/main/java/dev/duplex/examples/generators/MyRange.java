package dev.duplex.examples.generators;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mirrors the lecture's first generator function, {@code myRange(n)} ("제네레이터 함수": a
 * {@code while} loop that {@code yield}s 0 .. n-1), and the {@code for i in myRange(5)} loop that
 * prints each value.
 *
 * <p>What differs in Java: there is no {@code yield} that suspends a method half-way, so the loop
 * state that Python keeps in the suspended frame ({@code i}) becomes a field of an explicit
 * {@link Iterator}; {@code hasNext()} is the loop condition {@code i < n} and {@code next()} is
 * "yield i, then i += 1". Implementing {@link Iterable} is what lets the for-each loop use it, as
 * Python's for loop calls {@code __iter__}/{@code __next__}.
 */
public final class MyRange implements Iterable<Integer> {
    private final int n;

    public MyRange(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        this.n = n;
    }

    /** The lecture's {@code myRange(n)}. */
    public static MyRange myRange(int n) {
        return new MyRange(n);
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Integer next() {
                if (!hasNext()) {
                    // Python raises StopIteration here; Java's iterators throw this.
                    throw new NoSuchElementException("myRange(" + n + ") is exhausted");
                }
                return i++;
            }
        };
    }

    /** {@code my-range [--n N]}: prints the values of {@code myRange(N)} (default 5). */
    public static void run(String[] args, PrintStream out) {
        int n = Args.parse("my-range", args, "--n").intOption("--n", 5, 0, 1_000_000);
        for (int i : myRange(n)) {
            out.println(String.format("returned value from myRange(n) : %2d", i));
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
