package dev.duplex.core.session;

import dev.duplex.core.protocol.AudioFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sending half of a session's voice. The application's capture thread offers a packet every
 * 20 ms; packets cross to the event loop through a hand-off bounded by {@code capacity} (the oldest
 * gives way, counted), and one drain task writes them all and flushes once (the pattern of grpc's
 * {@code WriteQueue}). Sequence numbers are given at the offer, so a packet dropped anywhere is a
 * gap the receiver conceals. Sends only while the other side advertised audio.
 */
final class AudioSender {
    private final EventLoop loop;
    private final int capacity;
    /** Bounded by capacity, checked in offer; guarded by itself. */
    private final ArrayDeque<AudioFrame> pending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong nextSequence = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** The connection audio goes to: set while the peer takes audio, else null. */
    private volatile Channel channel;
    private volatile String sender = "";

    AudioSender(EventLoop loop, int capacity) {
        this.loop = loop;
        this.capacity = capacity;
    }

    /** A connection is up; {@code negotiated} says whether both sides advertised audio. Loop only. */
    void connected(Channel ch, String nickname, boolean negotiated) {
        sender = nickname;
        channel = negotiated ? ch : null;
    }

    /** The connection is gone: nothing more is sent, and what waits is released. Loop only. */
    void disconnected() {
        channel = null;
        releasePending();
    }

    boolean negotiated() {
        return channel != null;
    }

    /** Offers one packet; false (and nothing kept) when no connection takes audio now. Any thread. */
    boolean offer(long captureTimeMicros, byte[] opus) {
        if (channel == null) {
            return false;
        }
        AudioFrame frame = new AudioFrame(nextSequence.incrementAndGet(), captureTimeMicros, sender,
                Unpooled.wrappedBuffer(opus));
        AudioFrame oldest = null;
        synchronized (pending) {
            if (pending.size() >= capacity) {
                oldest = pending.poll();
            }
            pending.add(frame);
        }
        if (oldest != null) {
            oldest.release();
            dropped.increment();
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (RejectedExecutionException closing) {
                releasePending();
                return false;
            }
        }
        return true;
    }

    private void drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        int written = 0;
        while (true) {
            AudioFrame next;
            synchronized (pending) {
                next = pending.poll();
            }
            if (next == null) {
                break;
            }
            if (ch == null) {
                next.release();
                dropped.increment();
                continue;
            }
            ch.write(next).addListener(f -> {
                if (f.isSuccess()) {
                    sent.increment();
                }
            });
            written++;
        }
        if (written > 0) {
            ch.flush();
        }
    }

    private void releasePending() {
        synchronized (pending) {
            AudioFrame frame;
            while ((frame = pending.poll()) != null) {
                frame.release();
                dropped.increment();
            }
        }
    }

    /** Packets written to the connection. */
    long sent() {
        return sent.sum();
    }

    /** Packets dropped before the connection took them (hand-off overflow, no connection). */
    long dropped() {
        return dropped.sum();
    }
}
