package dev.duplex.examples.generators;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mirrors the lecture's "제네레이터 함수의 생존 기간": {@code itr = myRange(5)} is advanced with
 * {@code next(itr)} six times, and the sixth call ends the program with {@code StopIteration}.
 *
 * <p>What differs in Java: the exhausted iterator throws {@link NoSuchElementException}. A Java
 * program asks {@code hasNext()} first instead of catching it; this program calls {@code next()}
 * anyway, as the lecture does, and prints a sentence instead of a stack trace.
 */
public final class StopIterationDemo {
    private StopIterationDemo() {
    }

    /** {@code stop-iteration [--n N]}: calls {@code next()} N + 1 times on {@code myRange(N)}. */
    public static void run(String[] args, PrintStream out) {
        int maxRange = Args.parse("stop-iteration", args, "--n").intOption("--n", 5, 0, 10_000);
        Iterator<Integer> itr = MyRange.myRange(maxRange).iterator();
        try {
            for (int i : MyRange.myRange(maxRange + 1)) {
                int d = itr.next();
                out.println(String.format("returned value from myRange(n) : %2d", d));
            }
        } catch (NoSuchElementException e) {
            out.println("next(itr) raised NoSuchElementException (Python: StopIteration): " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
