package dev.duplex.examples.coroutines;

import dev.duplex.examples.Args;
import java.io.PrintStream;

/**
 * Mirrors the lecture's "코루틴에서의 예외처리": the {@code echoMsg()} co-routine with
 * {@code try/except} around its {@code yield}, driven by {@code genMsg.throw(TypeError, ...)} and
 * friends, and a {@code finally} that prints "Generator function is closed now" when
 * {@code genMsg.close()} is called.
 *
 * <p>What differs in Java: {@code gen.throw} is {@link Generator#throwInto}, and Java has no
 * {@code TypeError}, {@code ValueError} or {@code IndexError}, so their closest standard
 * counterparts are thrown in and the lecture's labels are printed:
 * <table>
 *   <caption>Exception types</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>TypeError</td><td>{@link ClassCastException}</td></tr>
 *   <tr><td>ValueError</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>IndexError</td><td>{@link IndexOutOfBoundsException}</td></tr>
 *   <tr><td>Exception</td><td>{@link RuntimeException} (a checked exception cannot cross a yield)</td></tr>
 * </table>
 * The close arrives as {@link GeneratorExit}, which {@code catch (RuntimeException e)} does not
 * catch, so the loop ends and the {@code finally} block runs, as in Python.
 */
public final class EchoCoroutineThrow {
    private EchoCoroutineThrow() {
    }

    /** The lecture's exception-handling {@code echoMsg()}. */
    public static Generator<Object, Void> echoMsg(PrintStream out) {
        return Generator.of("echoMsg", co -> {
            out.println("Starting echoMsg() co-routine ....");
            try {
                while (true) {
                    try {
                        Object msg = co.yield(); // data is obtained from yield
                        out.println("Received message : " + msg);
                    } catch (ClassCastException te) {
                        out.println("TypeError : " + te.getMessage());
                    } catch (IllegalArgumentException ve) {
                        out.println("ValueError : " + ve.getMessage());
                    } catch (IndexOutOfBoundsException ie) {
                        out.println("IndexError : " + ie.getMessage());
                    } catch (RuntimeException e) {
                        out.println("Exception : " + e.getMessage());
                    }
                }
            } finally {
                out.println("Generator function is closed now");
            }
        });
    }

    /** {@code echo-coroutine-throw}: the lecture's send/throw/close sequence. */
    public static void run(String[] args, PrintStream out) {
        Args.parse("echo-coroutine-throw", args);
        Generator<Object, Void> genMsg = echoMsg(out);
        genMsg.next();

        genMsg.send("Greetings !!");
        genMsg.throwInto(new ClassCastException("TypeError message !"));
        genMsg.throwInto(new IllegalArgumentException("ValueError message !"));
        genMsg.throwInto(new IndexOutOfBoundsException("IndexError message !"));
        genMsg.throwInto(new RuntimeException("Exception message !"));
        genMsg.send("Hello");
        genMsg.close();
    }

    public static void main(String[] args) {
        run(args, System.out);
    }
}
