package dev.duplex.testkit.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One direction of one proxied connection: bytes read from {@code source} wait in a bounded queue,
 * leave it as the token bucket allows, travel for the delay (plus jitter), and are written to
 * {@code destination}. When the queue or the delay line is full, or the destination does not take
 * more, it stops reading from the source, so that TCP pushes back on the sender as a real
 * bottleneck does. Everything runs on the connection's event loop (both channels share it).
 */
final class LinkDirection {
    private record InFlight(ByteBuf segment, long arrivalNanos) {
    }

    private final Channel source;
    private final Channel destination;
    private final Supplier<LinkProfile> profile;
    private final LinkEmulator.Controls controls;
    private final LinkCounters stats;
    private final Random random;
    /** Waiting for the cap; bounded by the profile's queueBytes (reading stops above it). */
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    /** Sent, not yet arrived; bounded by {@link LinkEmulator#MAX_IN_FLIGHT_BYTES} (reading stops above it). */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private long waitingBytes;
    private long inFlightBytes;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private long lastArrival;
    private ScheduledFuture<?> timer;
    private long timerAt;
    private boolean sourceDone;
    private boolean released;

    LinkDirection(Channel source, Channel destination, Supplier<LinkProfile> profile, LinkEmulator.Controls controls,
                  LinkCounters stats, long seed) {
        this.source = source;
        this.destination = destination;
        this.profile = profile;
        this.controls = controls;
        this.stats = stats;
        this.random = new Random(seed);
        this.tokens = profile.get().burstBytes();
    }

    /** Bytes read from the source: this direction owns {@code bytes} now. */
    void offer(ByteBuf bytes) {
        if (released) {
            bytes.release();
            return;
        }
        try {
            while (bytes.isReadable()) {
                ByteBuf segment = bytes.readRetainedSlice(Math.min(LinkEmulator.SEGMENT_BYTES, bytes.readableBytes()));
                waiting.add(segment);
                waitingBytes += segment.readableBytes();
            }
        } finally {
            bytes.release();
        }
        stats.held(waitingBytes + inFlightBytes);
        pump();
    }

    /** The source will send nothing more: close the destination once everything has arrived. */
    void sourceClosed() {
        sourceDone = true;
        pump();
    }

    /** Moves what the cap, the clock and the destination allow, then sleeps until the next event. */
    void pump() {
        if (released) {
            return;
        }
        long now = System.nanoTime();
        long stallLeft = controls.stallLeftNanos(now);
        boolean stalled = stallLeft > 0;
        LinkProfile p = profile.get();
        if (!stalled) {
            transmit(now, p);
            deliver(now);
        } else {
            // Nothing accrues during an outage.
            refilledAt = now;
        }
        if (sourceDone && waiting.isEmpty() && inFlight.isEmpty()) {
            destination.close();
            return;
        }
        boolean full = waitingBytes >= p.queueBytes() || inFlightBytes >= LinkEmulator.MAX_IN_FLIGHT_BYTES;
        if (source.config().isAutoRead() == full) {
            source.config().setAutoRead(!full);
            if (full) {
                stats.paused();
            }
        }
        scheduleNext(now, p, stallLeft);
    }

    private void transmit(long now, LinkProfile p) {
        long rate = p.bytesPerSecond();
        if (rate > 0) {
            tokens = Math.min(p.burstBytes(), tokens + (now - refilledAt) * rate / 1e9);
        }
        refilledAt = now;
        while (!waiting.isEmpty()) {
            ByteBuf next = waiting.peek();
            int size = next.readableBytes();
            if (rate > 0) {
                if (tokens < size) {
                    return;
                }
                tokens -= size;
            }
            waiting.poll();
            waitingBytes -= size;
            long jitter = p.jitterNanos() > 0 ? (long) (random.nextDouble() * p.jitterNanos()) : 0;
            // Bytes of one stream never overtake each other: a late segment holds the next ones back.
            long arrival = Math.max(lastArrival, now + p.delayNanos() + jitter);
            lastArrival = arrival;
            inFlight.add(new InFlight(next, arrival));
            inFlightBytes += size;
        }
    }

    private void deliver(long now) {
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().arrivalNanos() - now <= 0 && destination.isWritable()) {
            InFlight next = inFlight.poll();
            int size = next.segment().readableBytes();
            inFlightBytes -= size;
            stats.delivered(size);
            destination.write(next.segment(), destination.voidPromise());
            wrote = true;
        }
        if (wrote) {
            destination.flush();
        }
    }

    private void scheduleNext(long now, LinkProfile p, long stallLeft) {
        long next = Long.MAX_VALUE;
        if (stallLeft > 0) {
            if (!waiting.isEmpty() || !inFlight.isEmpty()) {
                next = now + stallLeft;
            }
        } else {
            if (!waiting.isEmpty() && p.bytesPerSecond() > 0) {
                double missing = waiting.peek().readableBytes() - tokens;
                next = now + Math.max(0, (long) Math.ceil(missing * 1e9 / p.bytesPerSecond()));
            }
            if (!inFlight.isEmpty() && destination.isWritable()) {
                next = Math.min(next, inFlight.peek().arrivalNanos());
            }
        }
        if (next == Long.MAX_VALUE) {
            return;
        }
        if (timer != null && !timer.isDone()) {
            if (timerAt - next <= 0) {
                return;
            }
            timer.cancel(false);
        }
        timerAt = next;
        timer = destination.eventLoop().schedule(this::onTimer, Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        // Still running, this timer does not count as pending: the pump may need the next one.
        timer = null;
        pump();
    }

    /** Drops what is held (the connection is gone). Idempotent. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (timer != null) {
            timer.cancel(false);
        }
        for (ByteBuf b : waiting) {
            ReferenceCountUtil.release(b);
        }
        for (InFlight f : inFlight) {
            ReferenceCountUtil.release(f.segment());
        }
        waiting.clear();
        inFlight.clear();
        waitingBytes = 0;
        inFlightBytes = 0;
    }
}
