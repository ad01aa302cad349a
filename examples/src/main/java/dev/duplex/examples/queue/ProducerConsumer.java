package dev.duplex.examples.queue;

import dev.duplex.examples.Args;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Mirrors the lecture's "Queue를 사용한 정보 전달": threads hand messages to each other through a
 * FIFO queue, a shared resource that must be protected as a critical section ({@code enqueue()} at
 * the end, {@code dequeue()} at the front). The lecture's video programs use the same pattern: a
 * capture thread {@code queue.put}s frames and a sending thread {@code queue.get}s them.
 *
 * <p>What differs in Java: {@link ArrayBlockingQueue} is the queue and its critical section in
 * one: {@code put} blocks while the queue is full (so a fast producer cannot run away with the
 * memory, unlike Python's unbounded {@code Queue()}), {@code take} blocks while it is empty (no
 * busy {@code if not queue.empty()} loop). The consumers stop when they take a poison pill, one per
 * consumer, put after the last item.
 */
public final class ProducerConsumer {
    /** The pill that tells a consumer to stop; compared by identity. */
    private static final Item POISON = new Item(-1, -1);
    private static final long JOIN_LIMIT_MS = TimeUnit.SECONDS.toMillis(30);

    /** One message: the {@code seq}-th item of producer {@code producer}. */
    public record Item(int producer, int seq) {
        @Override
        public String toString() {
            return "P" + producer + "#" + seq;
        }
    }

    /** What a run produced and consumed, in the order each list was filled. */
    public record Result(List<Item> produced, List<Item> consumed) {
    }

    private ProducerConsumer() {
    }

    /**
     * Runs {@code producers} producers of {@code itemsPerProducer} items each and
     * {@code consumers} consumers over a queue of {@code capacity}, printing each step to
     * {@code out}. Returns once every thread has finished.
     */
    public static Result run(int producers, int consumers, int itemsPerProducer, int capacity, PrintStream out)
            throws InterruptedException {
        if (producers < 1 || consumers < 1) {
            throw new IllegalArgumentException("producers: " + producers + ", consumers: " + consumers
                    + " (expected: >= 1 each)");
        }
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(capacity);
        List<Item> produced = Collections.synchronizedList(new ArrayList<>());
        List<Item> consumed = Collections.synchronizedList(new ArrayList<>());

        List<Thread> consumerThreads = new ArrayList<>();
        for (int c = 1; c <= consumers; c++) {
            String name = "consumer-" + c;
            consumerThreads.add(start(name, () -> {
                while (true) {
                    Item item = queue.take();                      // dequeue(): waits while empty
                    if (item == POISON) {
                        out.println(name + " took the poison pill and stops");
                        return;
                    }
                    consumed.add(item);
                    out.println(name + " took " + item);
                }
            }));
        }
        List<Thread> producerThreads = new ArrayList<>();
        for (int p = 1; p <= producers; p++) {
            int producer = p;
            String name = "producer-" + p;
            producerThreads.add(start(name, () -> {
                for (int seq = 1; seq <= itemsPerProducer; seq++) {
                    Item item = new Item(producer, seq);
                    int size = queue.size();
                    out.println(name + " puts " + item + (size < capacity
                            ? " (queue holds " + size + "/" + capacity + ")"
                            : " (queue is full: waits for a consumer)"));
                    queue.put(item);                               // enqueue(): waits while full
                    produced.add(item);
                }
            }));
        }

        joinAll(producerThreads);
        for (int c = 0; c < consumers; c++) {
            queue.put(POISON);
        }
        joinAll(consumerThreads);
        return new Result(List.copyOf(produced), List.copyOf(consumed));
    }

    /**
     * {@code producer-consumer [--producers P] [--consumers C] [--items N] [--capacity Q]}:
     * P producers of N items each, C consumers, a queue of Q.
     */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        Args a = Args.parse("producer-consumer", args, "--producers", "--consumers", "--items", "--capacity");
        int producers = a.intOption("--producers", 2, 1, 64);
        int consumers = a.intOption("--consumers", 2, 1, 64);
        int items = a.intOption("--items", 10, 0, 1_000_000);
        int capacity = a.intOption("--capacity", 4, 1, 1_000_000);
        Result result = run(producers, consumers, items, capacity, out);
        long distinct = result.consumed().stream().distinct().count();
        boolean exactlyOnce = distinct == result.consumed().size()
                && result.consumed().size() == result.produced().size()
                && result.consumed().containsAll(result.produced());
        out.println("produced " + result.produced().size() + " items, consumed " + result.consumed().size()
                + (exactlyOnce ? ": each exactly once" : ": SOME ITEMS WERE LOST OR DUPLICATED"));
    }

    /** A step that may be interrupted while it waits on the queue. */
    @FunctionalInterface
    private interface Step {
        void run() throws InterruptedException;
    }

    private static Thread start(String name, Step step) {
        Thread t = new Thread(() -> {
            try {
                step.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        return t;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(JOIN_LIMIT_MS);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish within " + JOIN_LIMIT_MS / 1000 + " s");
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.out);
    }
}
