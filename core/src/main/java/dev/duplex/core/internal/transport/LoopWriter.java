package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.FrameType;
import io.netty.buffer.ByteBuf;
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
 * <p>
 * <b>Runs of small frames.</b> A turn that writes several small TEXT or PRESENCE frames of a fan-out
 * ({@link WriteBatch.Shared}) to one channel copies them, in order, into one buffer of at most
 * {@code maxCoalescedBytes} and writes that once, at the turn's end or before anything else is
 * written to the channel (a frame of another kind, a write of its own, a {@link WriteBatch.Deferred}
 * task): one pass through the pipeline, one entry in the channel's outbound buffer and one vector of
 * the {@code writev} for the run, instead of one each per frame. Each frame that joins a run counts
 * a quarter of a write towards {@code writesPerTurn}. A frame joins a run if it is at most a quarter
 * of {@code maxCoalescedBytes}; a run of one frame is written as it came (nothing copied).
 * The peer reads the same bytes; the connection's {@link BackpressureHandler} queues a run as one
 * entry that counts its frames and bytes against the connection's limits. {@code maxCoalescedBytes}
 * 0: every frame is written alone.
 */
final class LoopWriter {
    private static final Logger log = LoggerFactory.getLogger(LoopWriter.class);
    /**
     * What a write costs of a turn's {@code writesPerTurn}, in quarters: a write through the pipeline
     * (and its share of a flush) one whole, a frame that joins a run (a copy of its bytes) a quarter.
     * Measured (BENCHMARKS.md, item 3): a relay delivering small texts in runs spent a third to a
     * quarter of the CPU per delivery that it spent writing each frame.
     */
    private static final int WRITE = 4;
    private static final int JOINED_FRAME = 1;
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
        final int maxCoalescedBytes;
        /** The next entry of {@link #writes} to write. */
        int next;
        /** Within a {@link WriteBatch.Shared} at {@link #next}: its next channel. */
        int nextChannel;

        Share(List<Object> writes, int writesPerFlush, int writesPerTurn, int maxCoalescedBytes) {
            this.writes = writes;
            this.writesPerFlush = writesPerFlush;
            this.writesPerTurn = writesPerTurn;
            this.maxCoalescedBytes = maxCoalescedBytes;
        }

        boolean done() {
            return next >= writes.size();
        }
    }

    /** One channel within a turn: its writes since its last flush, and its run of small frames not written yet. */
    private static final class ChannelTurn {
        int unflushedWrites;
        /** A run of one frame: that frame's own copy, nothing copied yet. */
        EncodedFrame first;
        /** A run of two or more frames: their bytes, copied. */
        ByteBuf run;
        /** Frames in {@link #run}. */
        int runFrames;
        /** The run's most bytes (its share's {@code maxCoalescedBytes}). */
        int maxRunBytes;

        int runBytes() {
            return run != null ? run.readableBytes() : first != null ? first.content().readableBytes() : 0;
        }
    }

    private final ArrayDeque<Share> waiting = new ArrayDeque<>();
    /** The channels written to within a turn (kept between turns to save the map's growth). */
    private IdentityHashMap<Channel, ChannelTurn> turnChannels = new IdentityHashMap<>();
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
    static void write(EventLoop loop, List<Object> writes, int writesPerFlush, int writesPerTurn,
                      int maxCoalescedBytes) {
        assert loop.inEventLoop();
        LoopWriter writer = PER_THREAD.get();
        writer.waiting.add(new Share(writes, writesPerFlush, writesPerTurn, maxCoalescedBytes));
        if (!writer.writing && !writer.turnScheduled) {
            writer.turn(loop, false);
        }
    }

    /** Writes what waits, up to the head share's {@code writesPerTurn} (everything if {@code all}). */
    private void turn(EventLoop loop, boolean all) {
        writing = true;
        try {
            long written = 0; // in quarters of a write
            while (!waiting.isEmpty()) {
                Share head = waiting.peek();
                long budget = all ? Long.MAX_VALUE : (long) head.writesPerTurn * WRITE - written;
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

    /**
     * Writes entries of {@code share} from where it stopped, up to {@code budget} quarters of a write
     * (at least one entry or receiver); returns how many quarters it used.
     */
    private long writeSome(Share share, long budget) {
        List<Object> writes = share.writes;
        long written = 0;
        while (written < budget && !share.done()) {
            Object entry = writes.get(share.next);
            if (entry instanceof WriteBatch.Deferred deferred) {
                writeAllRuns(); // the task may write, or look at what is written
                runSafely(deferred.task());
                share.next++;
                written += WRITE;
            } else if (entry instanceof WriteBatch.Shared shared) {
                List<Channel> channels = shared.channels();
                boolean coalesce = joinsRuns(shared.message(), share.maxCoalescedBytes);
                int cost = coalesce ? JOINED_FRAME : WRITE;
                long affordable = (budget - written - 1) / cost + 1; // at least one; no overflow for an endless budget
                int end = (int) Math.min(channels.size(), share.nextChannel + affordable);
                for (int c = share.nextChannel; c < end; c++) {
                    Channel channel = channels.get(c);
                    if (channel.isActive()) {
                        ChannelTurn turn = turnOf(channel);
                        if (coalesce) {
                            addToRun(channel, turn, shared, share);
                        } else {
                            writeRun(channel, turn, share.writesPerFlush);
                            channel.write(shared.duplicate(), channel.voidPromise());
                            wrote(channel, turn, share.writesPerFlush);
                        }
                    }
                }
                written += (long) cost * (end - share.nextChannel);
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
                    ChannelTurn turn = turnOf(channel);
                    writeRun(channel, turn, share.writesPerFlush);
                    channel.write(msg, channel.voidPromise());
                    wrote(channel, turn, share.writesPerFlush);
                } else {
                    ReferenceCountUtil.release(msg);
                }
                share.next += 2;
                written += WRITE;
            }
        }
        return written;
    }

    /** True if {@code message} is a small TEXT or PRESENCE frame, which joins its receivers' runs. */
    private static boolean joinsRuns(Object message, int maxCoalescedBytes) {
        return message instanceof EncodedFrame frame
                && (frame.frameType() == FrameType.TEXT || frame.frameType() == FrameType.PRESENCE)
                && frame.content().readableBytes() <= maxCoalescedBytes / 4;
    }

    private ChannelTurn turnOf(Channel channel) {
        ChannelTurn turn = turnChannels.get(channel);
        if (turn == null) {
            turn = new ChannelTurn();
            turnChannels.put(channel, turn);
        }
        return turn;
    }

    /** Adds the receiver's copy of {@code shared} (a small frame) to {@code channel}'s run. */
    private static void addToRun(Channel channel, ChannelTurn turn, WriteBatch.Shared shared, Share share) {
        ByteBuf bytes = ((EncodedFrame) shared.message()).content();
        int length = bytes.readableBytes();
        int runBytes = turn.runBytes();
        if (runBytes > 0 && runBytes + length > turn.maxRunBytes) {
            writeRun(channel, turn, share.writesPerFlush);
            runBytes = 0;
        }
        if (runBytes == 0) {
            turn.first = (EncodedFrame) shared.duplicate();
            turn.maxRunBytes = share.maxCoalescedBytes;
            return;
        }
        if (turn.run == null) {
            ByteBuf firstBytes = turn.first.content();
            turn.run = channel.alloc().ioBuffer(Math.min(turn.maxRunBytes, 8 * (runBytes + length)));
            turn.run.writeBytes(firstBytes, firstBytes.readerIndex(), runBytes);
            turn.first.release();
            turn.first = null;
            turn.runFrames = 1;
        }
        turn.run.writeBytes(bytes, bytes.readerIndex(), length);
        turn.runFrames++;
    }

    /** Writes {@code channel}'s run, if it has one, as one message. */
    private static void writeRun(Channel channel, ChannelTurn turn, int writesPerFlush) {
        Object run;
        if (turn.first != null) {
            run = turn.first;
        } else if (turn.run != null) {
            run = EncodedFrame.run(turn.run, turn.runFrames);
        } else {
            return;
        }
        turn.first = null;
        turn.run = null;
        if (channel.isActive()) {
            channel.write(run, channel.voidPromise());
            wrote(channel, turn, writesPerFlush);
        } else {
            ReferenceCountUtil.release(run);
        }
    }

    private void writeAllRuns() {
        turnChannels.forEach((channel, turn) -> writeRun(channel, turn, Integer.MAX_VALUE));
    }

    private static void wrote(Channel channel, ChannelTurn turn, int writesPerFlush) {
        if (++turn.unflushedWrites >= writesPerFlush) {
            channel.flush();
            turn.unflushedWrites = 0;
        }
    }

    /** Writes every run and flushes every channel written to since its last flush. */
    private void flushAll() {
        turnChannels.forEach((channel, turn) -> {
            writeRun(channel, turn, Integer.MAX_VALUE);
            if (turn.unflushedWrites > 0) {
                channel.flush();
            }
        });
        if (turnChannels.size() > MAX_KEPT_COUNTERS) {
            turnChannels = new IdentityHashMap<>(); // the next turn starts with a small map
        } else {
            turnChannels.clear();
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
