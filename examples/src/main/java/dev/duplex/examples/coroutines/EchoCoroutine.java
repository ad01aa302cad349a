package dev.duplex.examples.coroutines;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.NoSuchElementException;

/**
 * Mirrors the lecture's {@code echoMsg()} co-routine ("yield를 사용하여 co-routine에 인수 전달"):
 * {@code msg = (yield)} in an endless loop; the caller starts it with {@code next(genMsg)}, sends
 * "Hello", "Welcome", 1 and 2, closes it, and the final {@code genMsg.send(3)} fails with
 * {@code StopIteration}.
 *
 * <p>What differs in Java: there are no coroutines, so the body runs in a {@link Generator},
 * which hands control between the caller's thread and the body's thread. The failing send throws
 * {@link NoSuchElementException}; the program prints a sentence about it where Python ends with a
 * traceback.
 */
public final class EchoCoroutine {
    private EchoCoroutine() {
    }

    /** The lecture's {@code echoMsg()}: prints every message sent to it. */
    public static Generator<Object, Void> echoMsg(PrintStream out) {
        return Generator.of("echoMsg", co -> {
            out.println("Starting echoMsg() co-routine ....");
            while (true) {
                Object msg = co.yield(); // data is obtained from yield
                out.println("Received message : " + msg);
            }
        });
    }

    /** {@code echo-coroutine}: the lecture's send/close sequence. */
    public static void run(String[] args, PrintStream out) {
        Args.parse("echo-coroutine", args);
        Generator<Object, Void> genMsg = echoMsg(out);
        out.println("genMsg : " + genMsg);
        genMsg.next();

        genMsg.send("Hello");
        genMsg.send("Welcome");
        genMsg.send(1);
        genMsg.send(2);
        genMsg.close();
        try {
            genMsg.send(3);
        } catch (NoSuchElementException e) {
            out.println("genMsg.send(3) after close() raised NoSuchElementException (Python: StopIteration): "
                    + e.getMessage());
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
