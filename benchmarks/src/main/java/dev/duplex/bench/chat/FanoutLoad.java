package dev.duplex.bench.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The shared state of one fan-out load: what the senders may send (an end-to-end window, an
 * optional rate) and what the receivers counted. The window bounds the messages sent but not yet
 * received by the average receiver, so neither relay ever holds an unbounded backlog and the load
 * generator cannot outrun the relay into a disconnect.
 */
final class FanoutLoad {
    final int receivers;
    final int senders;
    final long window;
    final LongAdder delivered = new LongAdder();
    final AtomicLong sent = new AtomicLong();
    final LongAdder errors = new LongAdder();
    final LongAdder closed = new LongAdder();
    private final List<LoadConnection> receiving = new ArrayList<>();
    private volatile boolean sending;
    private volatile double ratePerSender;
    private volatile long phaseStartNanos;

    FanoutLoad(int receivers, int senders, long window) {
        this.receivers = receivers;
        this.senders = senders;
        this.window = window;
    }

    synchronized void addReceiver(LoadConnection c) {
        receiving.add(c);
    }

    /** Starts a phase: {@code totalRate} messages per second over all senders, or 0 for as fast as allowed. */
    void startSending(double totalRate) {
        ratePerSender = totalRate / senders;
        phaseStartNanos = System.nanoTime();
        sending = true;
    }

    void stopSending() {
        sending = false;
    }

    boolean sending() {
        return sending;
    }

    double ratePerSender() {
        return ratePerSender;
    }

    long phaseStartNanos() {
        return phaseStartNanos;
    }

    /** Messages sent and not yet received by the average receiver. */
    long inFlight() {
        return sent.get() - delivered.sum() / receivers;
    }

    /** Deliveries still missing for everything sent so far. */
    long missing() {
        return sent.get() * receivers - delivered.sum();
    }

    /** Takes (and resets) every receiver's latency histogram, merged, in microseconds. */
    synchronized Histogram takeLatency() {
        Histogram all = new Histogram(3);
        for (LoadConnection c : receiving) {
            all.add(c.takeLatency());
        }
        return all;
    }

    /** Takes (and resets) every receiver's histogram of the time since the relay read each message. */
    synchronized Histogram takeSinceRelayRead() {
        Histogram all = new Histogram(3);
        for (LoadConnection c : receiving) {
            all.add(c.takeSinceRelayRead());
        }
        return all;
    }
}
