package dev.duplex.examples.generators;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Mirrors the lecture's {@code genListUpDown(n)} ("yield from를 사용하여, 다른 제네레이터 함수의
 * 호출"): {@code yield from range(n)} then {@code yield from range(n, 0, -1)}, collected with
 * {@code list(...)}.
 *
 * <p>What differs in Java: {@code yield from} becomes composition of iterators
 * ({@link YieldFrom}); Python's {@code range(n)} and {@code range(n, 0, -1)} are
 * {@link IntStream#range} and {@link IntStream#iterate(int, java.util.function.IntPredicate,
 * java.util.function.IntUnaryOperator)}, both lazy like {@code range}.
 */
public final class UpDown {
    private UpDown() {
    }

    /** The lecture's {@code genListUpDown(n)}: 0, 1, ..., n-1, n, n-1, ..., 1. */
    public static Iterator<Integer> genListUpDown(int n) {
        return YieldFrom.of(
                IntStream.range(0, n).iterator(),
                IntStream.iterate(n, i -> i > 0, i -> i - 1).iterator());
    }

    /** {@code up-down [--n N]}: prints {@code list(genListUpDown(N))} (default 5). */
    public static void run(String[] args, PrintStream out) {
        int n = Args.parse("up-down", args, "--n").intOption("--n", 5, 0, 100_000);
        List<Integer> l = new ArrayList<>();
        genListUpDown(n).forEachRemaining(l::add);
        out.println("List generated with genListUpDown(" + n + ") :");
        out.println(" " + l);
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
