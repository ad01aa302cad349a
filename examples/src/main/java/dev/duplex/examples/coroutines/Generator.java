package dev.duplex.examples.coroutines;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Python-style generator for Java, with {@code next}, {@code send}, {@code throw} (here
 * {@link #throwInto}) and {@code close}. The body runs on a thread of its own and the two sides
 * hand control to each other through zero-capacity {@link SynchronousQueue}s, so exactly one of
 * them runs at any time, as with a real coroutine. That makes it a teaching tool, not a
 * lightweight one: each generator that has started and not finished holds a parked thread, so
 * close it (it is {@link AutoCloseable}).
 *
 * <p>Python semantics it keeps:
 * <ul>
 *   <li>{@code next()} is {@code send(null)}; the first call starts the body and runs it to its
 *       first {@code yield}. Sending a non-null value to a generator that has not started fails.</li>
 *   <li>When the body returns, the call that resumed it throws {@link NoSuchElementException}
 *       (Python: {@code StopIteration}), and so does every later {@code send}/{@code next}.</li>
 *   <li>{@link #throwInto} raises the exception at the paused {@code yield}: if the body catches
 *       it and yields again, {@code throwInto} returns that value; if not, the exception comes back
 *       out of {@code throwInto} and the generator is finished.</li>
 *   <li>{@link #close()} raises {@link GeneratorExit} at the paused {@code yield} and runs the
 *       body's {@code finally} blocks; a body that yields again instead makes {@code close} throw.
 *       Closing a generator that never started does not run its body at all.</li>
 * </ul>
 *
 * <p>Interrupting a thread that waits in one of these methods abandons the generator.
 *
 * @param <I> what the caller sends in (the value of a {@code yield} expression)
 * @param <O> what the body yields out
 */
public final class Generator<I, O> implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    /** The code of a generator: it yields through {@code co}, which also returns what is sent in. */
    @FunctionalInterface
    public interface Body<I, O> {
        void run(Yielder<I, O> co);
    }

    /** The {@code yield} expression, handed to the body. Only the body's own thread may call it. */
    public interface Yielder<I, O> {
        /**
         * Hands {@code value} to the caller and pauses. Returns what the caller sends next
         * ({@code null} for {@code next()}), or throws what the caller throws in, or
         * {@link GeneratorExit} when the caller closes the generator.
         */
        I yield(O value);

        /** {@code x = (yield)}: yields {@code null}. */
        default I yield() {
            return this.yield(null);
        }
    }

    private enum State { CREATED, RUNNING, SUSPENDED, FINISHED }

    /** Caller to body: resume with a value, or raise an exception at the yield. */
    private record Command<I>(I value, Throwable raise) {
    }

    /** Body to caller: a yielded value, or the end of the body (normal when failure is null). */
    private record Outcome<O>(boolean yielded, O value, Throwable failure) {
    }

    private final String name;
    private final Body<I, O> body;
    private final Thread thread;
    private final SynchronousQueue<Command<I>> toBody = new SynchronousQueue<>();
    private final SynchronousQueue<Outcome<O>> toCaller = new SynchronousQueue<>();
    /** Written only under this object's lock; volatile so that toString() needs no lock. */
    private volatile State state = State.CREATED;

    private Generator(String name, Body<I, O> body) {
        this.name = Objects.requireNonNull(name, "name");
        this.body = Objects.requireNonNull(body, "body");
        this.thread = new Thread(this::runBody, "generator-" + name + "-" + IDS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /** A generator that has not started; like calling a Python generator function. */
    public static <I, O> Generator<I, O> of(String name, Body<I, O> body) {
        return new Generator<>(name, body);
    }

    /** Python's {@code next(gen)}: resumes the body and returns the next value it yields. */
    public O next() {
        checkNotCalledFromBody("next");
        return send(null);
    }

    /** Python's {@code gen.send(value)}: resumes the body with {@code value} as the result of its yield. */
    public O send(I value) {
        checkNotCalledFromBody("send");
        synchronized (this) {
            switch (state) {
                case FINISHED -> throw exhausted();
                case CREATED -> {
                    if (value != null) {
                        throw new IllegalStateException("can't send a non-null value to the just-started generator "
                                + name + "; call next() first");
                    }
                    state = State.RUNNING;
                    thread.start();
                }
                case SUSPENDED -> {
                    state = State.RUNNING;
                    handOver(new Command<>(value, null));
                }
                case RUNNING -> throw new IllegalStateException("generator " + name + " is already executing");
            }
            return awaitNext();
        }
    }

    /**
     * Python's {@code gen.throw(exception)}: raises {@code exception} at the paused yield and
     * returns the value the body yields next, if it handles the exception.
     */
    public O throwInto(RuntimeException exception) {
        Objects.requireNonNull(exception, "exception");
        checkNotCalledFromBody("throwInto");
        synchronized (this) {
            if (state != State.SUSPENDED) {
                // Not started, or finished: the body cannot handle it, so it comes straight back.
                state = State.FINISHED;
                throw exception;
            }
            state = State.RUNNING;
            handOver(new Command<>(null, exception));
            return awaitNext();
        }
    }

    /** Python's {@code gen.close()}: raises {@link GeneratorExit} at the paused yield. Idempotent. */
    @Override
    public void close() {
        checkNotCalledFromBody("close");
        synchronized (this) {
            if (state == State.CREATED || state == State.FINISHED) {
                state = State.FINISHED;
                return;
            }
            state = State.RUNNING;
            handOver(new Command<>(null, new GeneratorExit()));
            Outcome<O> outcome = take();
            if (outcome.yielded()) {
                state = State.SUSPENDED;
                throw new IllegalStateException("generator " + name + " ignored GeneratorExit and yielded again");
            }
            state = State.FINISHED;
            Throwable failure = outcome.failure();
            if (failure != null && !(failure instanceof GeneratorExit)) {
                throw rethrow(failure);
            }
        }
    }

    /** True once the body has returned or failed, or the generator was closed. */
    public boolean isFinished() {
        return state == State.FINISHED;
    }

    @Override
    public String toString() {
        return "<generator " + name + ", " + state.name().toLowerCase() + ">";
    }

    private O awaitNext() {
        Outcome<O> outcome = take();
        if (outcome.yielded()) {
            state = State.SUSPENDED;
            return outcome.value();
        }
        state = State.FINISHED;
        if (outcome.failure() == null) {
            throw new NoSuchElementException("generator " + name + " returned");
        }
        throw rethrow(outcome.failure());
    }

    private NoSuchElementException exhausted() {
        return new NoSuchElementException("generator " + name + " is finished");
    }

    private void checkNotCalledFromBody(String method) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException(method + "(): generator " + name + " is already executing");
        }
    }

    private void handOver(Command<I> command) {
        try {
            toBody.put(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resuming generator " + name, e);
        }
    }

    private Outcome<O> take() {
        try {
            return toCaller.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for generator " + name, e);
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("generator failed", failure);
    }

    /** Runs on the generator's own thread. */
    private void runBody() {
        Outcome<O> end;
        try {
            body.run(new BodyYielder());
            end = new Outcome<>(false, null, null);
        } catch (Throwable failure) {
            // Every way out of the body, GeneratorExit included, is handed back to the caller.
            end = new Outcome<>(false, null, failure);
        }
        try {
            toCaller.put(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class BodyYielder implements Yielder<I, O> {
        @Override
        public I yield(O value) {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("yield() called outside the body of generator " + name);
            }
            Command<I> command;
            try {
                toCaller.put(new Outcome<>(true, value, null));
                command = toBody.take();
            } catch (InterruptedException e) {
                // Nobody will resume us: behave as if closed, so finally blocks run.
                throw new GeneratorExit();
            }
            if (command.raise() instanceof RuntimeException r) {
                throw r;
            }
            if (command.raise() instanceof Error e) {
                throw e;
            }
            return command.value();
        }
    }
}
