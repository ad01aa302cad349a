package dev.duplex.examples.generators;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Mirrors the lecture's generator expression ("제네레이터 수식"):
 * {@code genList = (x*x for x in range(5))}, printed as an object, then {@code L = list(genList)}.
 *
 * <p>What differs in Java: the generator expression is a {@link Stream} pipeline. Like the
 * generator it computes nothing until it is consumed, and it can be consumed only once; but where
 * a second {@code list(genList)} in Python quietly gives {@code []}, a second terminal operation
 * on a Java stream throws {@link IllegalStateException}.
 */
public final class GeneratorExpression {
    private GeneratorExpression() {
    }

    /** The lecture's {@code (x*x for x in range(n))}, counting how many squares it computed. */
    public static Stream<Integer> squares(int n, AtomicInteger computed) {
        return IntStream.range(0, n).map(x -> {
            computed.incrementAndGet();
            return x * x;
        }).boxed();
    }

    /** {@code generator-expression [--n N]}: builds the pipeline, shows it is lazy, then lists it. */
    public static void run(String[] args, PrintStream out) {
        int n = Args.parse("generator-expression", args, "--n").intOption("--n", 5, 0, 100_000);
        AtomicInteger computed = new AtomicInteger();
        Stream<Integer> genList = squares(n, computed);
        out.println("genList : " + genList);
        out.println("squares computed so far : " + computed.get());
        List<Integer> l = genList.toList();
        out.println("L : " + l);
        out.println("squares computed so far : " + computed.get());
        try {
            genList.toList();
        } catch (IllegalStateException e) {
            out.println("a second list(genList) : IllegalStateException (" + e.getMessage()
                    + "); Python would give []");
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
