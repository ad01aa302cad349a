package dev.duplex.examples.generators;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.Iterator;

/**
 * Mirrors the lecture's {@code genFibo()} ("제네레이터 함수 구조의 피보나치 수열 생성"): an endless
 * generator {@code while True: yield a; a, b = b, a + b}, and a loop that prints the first 20
 * terms and then {@code break}s.
 *
 * <p>What differs in Java: the pair {@code (a, b)} lives in the iterator's fields instead of a
 * suspended frame, and {@code hasNext()} is always true, like {@code while True}. Python's integers
 * never overflow; {@code long} would after the 92nd term, so the terms are {@link BigInteger}s.
 * The caller must stop on its own, as the lecture's loop does with {@code break}.
 */
public final class Fibonacci implements Iterator<BigInteger> {
    private BigInteger a = BigInteger.ZERO;
    private BigInteger b = BigInteger.ONE;

    /** The lecture's {@code genFibo()}: an endless iterator over 0, 1, 1, 2, 3, 5, ... */
    public static Fibonacci genFibo() {
        return new Fibonacci();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public BigInteger next() {
        BigInteger result = a;
        BigInteger sum = a.add(b);
        a = b;
        b = sum;
        return result;
    }

    /** {@code fibonacci [--count N]}: prints the first N terms (default 20, as in the lecture). */
    public static void run(String[] args, PrintStream out) {
        int count = Args.parse("fibonacci", args, "--count").intOption("--count", 20, 0, 10_000);
        int i = 1;
        for (Iterator<BigInteger> fibo = genFibo(); fibo.hasNext(); ) {
            if (i > count) {
                break;
            }
            out.println(String.format("%2d-th Fibonacci Series : %10d", i, fibo.next()));
            i++;
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
