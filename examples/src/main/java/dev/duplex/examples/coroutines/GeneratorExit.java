package dev.duplex.examples.coroutines;

/**
 * Thrown at a generator's paused {@code yield} by {@link Generator#close()}, as Python raises
 * {@code GeneratorExit} there. The body may run {@code finally} blocks but must not yield again.
 *
 * <p>It extends {@link Error} on purpose: Python's {@code GeneratorExit} derives from
 * {@code BaseException}, not {@code Exception}, so that {@code except Exception} inside a
 * generator does not swallow a close; likewise {@code catch (Exception e)} in a Java body does not
 * catch this.
 */
public final class GeneratorExit extends Error {
    public GeneratorExit() {
        super("generator closed", null, false, false);
    }
}
