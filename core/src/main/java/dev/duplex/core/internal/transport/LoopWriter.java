package dev.duplex.core.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the shares of {@link WriteBatch}es that reach one event loop: in the order they arrive, and
 * at most a batch's {@code writesPerTurn} writes at a time, after which the loop is let go to do its
 * socket IO before the next turn (a scheduled task, which Netty runs only after its next IO round;
 * a queued task would run in the same round). A committed batch of a busy room is tens of thousands
 * of writes: written in one task, it kept every connection of the loop unread for tens of
 * milliseconds. What is left of a share waits here, and every later share for this loop waits
 * behind it, so each channel still gets its messages in the order they were submitted.
 * <p>
 * A turn flushes a channel after every {@code writesPerFlush} writes to it and every channel it wrote
 * to at its end. One per event-loop thread; used only on it. A loop that is shutting down writes what
 * waits in one go; a message whose channel is closed is released.
 */
final class LoopWriter {
    private static final Logger log = LoggerFactory.getLogger(LoopWriter.class);
    /** Most channels whose flush counters are kept between turns; a larger map is dropped. */
    private static final int MAX_KEPT_COUNTERS = 4096;

    private static final FastThreadLocal<LoopWriter> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected LoopWriter initialValue() {
            return new LoopWriter();
        }

        @Override
        protected void onRemoval(LoopWriter writer) {
            writer.releaseWaiting(); // its thread ended with writes waiting: nobody will write them
        }
    };

    /** A loop's share of one batch, and how far it has been written. */
    private static final class Share {
        final List<Object> writes;
        final int writesPerFlush;
        final int writesPerTurn;
        /** The next entry of {@link #writes} to write. */
        int next;
        /** Within a {@link WriteBatch.Shared} at {@link #next}: its next channel. */
        int nextChannel;

        Share(List<Object> writes, int writesPerFlush, int writesPerTurn) {
            this.writes = writes;
            this.writesPerFlush = writesPerFlush;
            this.writesPerTurn = writesPerTurn;
        }

        boolean done() {
            return next >= writes.size();
        }
    }

    private final ArrayDeque<Share> waiting = new ArrayDeque<>();
    /** Writes per channel since its last flush, within a turn (kept between turns to save the map's growth). */
    private IdentityHashMap<Channel, int[]> unflushed = new IdentityHashMap<>();
    /** A turn is running (a deferred task that submits a batch on this loop queues it behind). */
    private boolean writing;
    /** The next turn is scheduled: what arrives waits for it. */
    private boolean turnScheduled;

    private LoopWriter() {
    }

    /**
     * On {@code loop}: writes {@code writes} (a {@link WriteBatch}'s share for this loop), now if
     * nothing waits and up to {@code writesPerTurn} writes per turn, or after what waits.
     */
    static void write(EventLoop loop, List<Object> writes, int writesPerFlush, int writesPerTurn) {
        assert loop.inEventLoop();
        LoopWriter writer = PER_THREAD.get();
        writer.waiting.add(new Share(writes, writesPerFlush, writesPerTurn));
        if (!writer.writing && !writer.turnScheduled) {
            writer.turn(loop, false);
        }
    }

    /** Writes what waits, up to the head share's {@code writesPerTurn} (everything if {@code all}). */
    private void turn(EventLoop loop, boolean all) {
        writing = true;
        try {
            int written = 0;
            while (!waiting.isEmpty()) {
                Share head = waiting.peek();
                int budget = all ? Integer.MAX_VALUE : head.writesPerTurn - written;
                if (budget <= 0) {
                    break;
                }
                written += writeSome(head, budget);
                if (head.done()) {
                    waiting.poll();
                }
            }
        } finally {
            flushAll();
            writing = false;
        }
        if (!waiting.isEmpty()) {
            scheduleTurn(loop);
        }
    }

    /** The next turn after the loop's next IO round; on a loop that refuses it, everything at once. */
    private void scheduleTurn(EventLoop loop) {
        turnScheduled = true;
        Future<?> next;
        try {
            next = loop.schedule(() -> {
                turnScheduled = false;
                turn(loop, loop.isShuttingDown());
            }, 0, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            turnScheduled = false;
            turn(loop, true);
            return;
        }
        next.addListener(f -> {
            if (f.isCancelled() && turnScheduled) { // the loop shuts down: it runs no scheduled task any more
                turnScheduled = false;
                turn(loop, true);
            }
        });
    }

    /** Writes at most {@code budget} entries of {@code share} from where it stopped; returns how many. */
    private int writeSome(Share share, int budget) {
        List<Object> writes = share.writes;
        int written = 0;
        while (written < budget && !share.done()) {
            Object entry = writes.get(share.next);
            if (entry instanceof WriteBatch.Deferred deferred) {
                runSafely(deferred.task());
                share.next++;
                written++;
            } else if (entry instanceof WriteBatch.Shared shared) {
                List<Channel> channels = shared.channels();
                int end = (int) Math.min(channels.size(), (long) share.nextChannel + budget - written);
                for (int c = share.nextChannel; c < end; c++) {
                    Channel channel = channels.get(c);
                    if (channel.isActive()) {
                        channel.write(shared.duplicate(), channel.voidPromise());
                        wrote(channel, share.writesPerFlush);
                    }
                }
                written += end - share.nextChannel;
                share.nextChannel = end;
                if (end == channels.size()) {
                    shared.message().release();
                    share.nextChannel = 0;
                    share.next++;
                }
            } else {
                Channel channel = (Channel) entry;
                Object msg = writes.get(share.next + 1);
                if (channel.isActive()) {
                    channel.write(msg, channel.voidPromise());
                    wrote(channel, share.writesPerFlush);
                } else {
                    ReferenceCountUtil.release(msg);
                }
                share.next += 2;
                written++;
            }
        }
        return written;
    }

    private void wrote(Channel channel, int writesPerFlush) {
        int[] count = unflushed.get(channel);
        if (count == null) {
            count = new int[1];
            unflushed.put(channel, count);
        }
        if (++count[0] >= writesPerFlush) {
            channel.flush();
            count[0] = 0;
        }
    }

    private void flushAll() {
        unflushed.forEach((channel, count) -> {
            if (count[0] > 0) {
                channel.flush();
            }
        });
        if (unflushed.size() > MAX_KEPT_COUNTERS) {
            unflushed = new IdentityHashMap<>(); // the next turn starts with a small map
        } else {
            unflushed.clear();
        }
    }

    private void releaseWaiting() {
        for (Share share : waiting) {
            releaseFrom(share.writes, share.next);
        }
        waiting.clear();
    }

    /**
     * Releases the messages of {@code writes} from entry {@code from} on (a partly written
     * {@link WriteBatch.Shared} still holds its one reference).
     */
    static void releaseFrom(List<Object> writes, int from) {
        int i = from;
        while (i < writes.size()) {
            if (writes.get(i) instanceof WriteBatch.Deferred) {
                i++; // its loop is gone: so is its channel
            } else if (writes.get(i) instanceof WriteBatch.Shared shared) {
                shared.message().release();
                i++;
            } else {
                ReferenceCountUtil.release(writes.get(i + 1));
                i += 2;
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("A task of a write batch failed", e);
        }
    }
}
