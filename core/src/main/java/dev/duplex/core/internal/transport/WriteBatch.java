package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCounted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes to many channels, collected on one thread and handed to the channels' event loops in
 * <em>one task per event loop</em>, which writes them in order and then flushes each channel once
 * (and after every {@link #writesPerFlush()} writes to one channel, as grpc-java's {@code WriteQueue}
 * flushes every chunk, so a large batch does not hold its bytes back from the socket until its end).
 * A loop writes at most {@link #writesPerTurn()} of them before it does its socket IO again, and
 * the rest after that, ahead of any later batch ({@link LoopWriter}): a large batch does not keep the
 * loop's connections unread meanwhile. The flushes happen inside the loop's turn:
 * {@link DuplexPipeline}'s flush consolidation passes a flush from outside a read straight through.
 * <p>
 * Writing to a channel from a thread that is not its event loop costs a task, an allocation and
 * possibly a wake-up of that loop per call; a fan-out of one message to 100 receivers from the
 * relay's history thread would cost 100 of them, and a flush per receiver per message. A batch
 * costs one task per event loop per {@link #submit()} and one flush per channel per turn.
 * <p>
 * Messages written to one channel keep their order, within a batch and across batches submitted
 * from the same thread. A message whose channel is closed, or whose event loop refuses the task,
 * is released. At most {@link #maxWrites()} writes wait in a batch: the write that reaches it
 * submits the batch early, so a batch never holds more than that many messages.
 * <p>
 * A message for many channels ({@link #writeToAll}) is held once per event loop; that loop makes
 * each channel's duplicate itself ({@link Shared#duplicate()}), so the duplicates are made on the
 * thread that writes them, not on the thread that fills the batch.
 * <p>
 * Not thread-safe: one thread fills and submits a batch (the history writer, or an event loop). The
 * first thread to use a batch owns it; use from another thread fails an assertion.
 */
public final class WriteBatch {
    /** Writes held before a batch submits itself (16 384). */
    public static final int DEFAULT_MAX_WRITES = 16_384;
    /** Writes to one channel within a batch task before that channel is flushed (128). */
    public static final int DEFAULT_WRITES_PER_FLUSH = 128;
    /**
     * Writes an event loop makes of batches before it does its socket IO again (1 024: about half a
     * millisecond of a loop's time at the relay's cost per delivery; 2 048 gave the chat benchmark
     * more throughput and a longer tail, 512 less throughput: BENCHMARKS.md, item 3). A small frame
     * that joins a run ({@link #DEFAULT_MAX_COALESCED_BYTES}) counts a quarter of a write.
     */
    public static final int DEFAULT_WRITES_PER_TURN = 1024;
    /**
     * Most bytes of small TEXT and PRESENCE frames that a loop's turn copies into one write to a
     * channel (4 096; frames of at most a quarter of it join: {@link LoopWriter}). 0: none.
     */
    public static final int DEFAULT_MAX_COALESCED_BYTES = 4096;

    private final int maxWrites;
    private final int writesPerFlush;
    private final int writesPerTurn;
    private final int maxCoalescedBytes;

    /** The one thread that fills and submits this batch: the first to use it. */
    private Thread owner;
    /** Per event loop, in order: a channel followed by its message, a {@link Shared}, or a {@link Deferred}. */
    private final Map<EventLoop, List<Object>> pending = new IdentityHashMap<>();
    private int size;

    /** A batch that submits itself when {@code maxWrites} writes are waiting. */
    public WriteBatch(int maxWrites) {
        this(maxWrites, DEFAULT_WRITES_PER_FLUSH);
    }

    /**
     * A batch that submits itself when {@code maxWrites} writes are waiting, and whose event-loop
     * task flushes a channel after every {@code writesPerFlush} writes to it (and at the end).
     */
    public WriteBatch(int maxWrites, int writesPerFlush) {
        this(maxWrites, writesPerFlush, DEFAULT_WRITES_PER_TURN);
    }

    /**
     * A batch that submits itself when {@code maxWrites} writes are waiting, whose event loops flush
     * a channel after every {@code writesPerFlush} writes to it (and at the end of a turn), and write
     * at most {@code writesPerTurn} of its writes before they do their socket IO again.
     */
    public WriteBatch(int maxWrites, int writesPerFlush, int writesPerTurn) {
        this(new BatchLimits(maxWrites, writesPerFlush, writesPerTurn, DEFAULT_MAX_COALESCED_BYTES));
    }

    /** A batch with these limits. */
    public WriteBatch(BatchLimits limits) {
        this.maxWrites = limits.maxWrites();
        this.writesPerFlush = limits.writesPerFlush();
        this.writesPerTurn = limits.writesPerTurn();
        this.maxCoalescedBytes = limits.maxCoalescedBytes();
    }

    /** A batch with {@link #DEFAULT_MAX_WRITES} and {@link #DEFAULT_WRITES_PER_FLUSH}. */
    public WriteBatch() {
        this(DEFAULT_MAX_WRITES);
    }

    /** The most writes that wait before the batch submits itself. */
    public int maxWrites() {
        return maxWrites;
    }

    /** Writes to one channel, within a batch's event-loop task, after which that channel is flushed. */
    public int writesPerFlush() {
        return writesPerFlush;
    }

    /** Writes an event loop makes of this batch (and those before it) before it does its socket IO again. */
    public int writesPerTurn() {
        return writesPerTurn;
    }

    /** Most bytes of small frames a loop's turn copies into one write to a channel (0: none). */
    public int maxCoalescedBytes() {
        return maxCoalescedBytes;
    }

    /** Writes that wait for {@link #submit()}. */
    public int size() {
        return size;
    }

    /** A task to run on a channel's event loop in order with the writes around it ({@link LoopWriter} runs it). */
    record Deferred(Runnable task) {
    }

    /** One message for several channels of one event loop, which each get a duplicate of it. */
    record Shared(List<Channel> channels, ReferenceCounted message) {
        /**
         * A receiver's copy of the message, retained once: a plain {@code duplicate()} sharing the
         * buffer's count. The buffer's own {@code retainedDuplicate()} takes a recycled view from a
         * per-thread pool and gives it back through a queue (Netty 4.2), and of a buffer the leak
         * detector samples it makes a tracked copy with a stack trace of its own, for each receiver.
         */
        Object duplicate() {
            if (message instanceof ByteBuf bytes) {
                return bytes.duplicate().retain();
            }
            ByteBufHolder holder = (ByteBufHolder) message;
            return holder.replace(holder.content().duplicate().retain());
        }
    }

    /**
     * Adds a write of {@code msg} to {@code channel}; the batch owns {@code msg} from here (it is
     * written or released).
     */
    public void write(Channel channel, Object msg) {
        assert usedByOwner();
        List<Object> writes = writesFor(channel.eventLoop());
        writes.add(channel);
        writes.add(msg);
        if (++size >= maxWrites) {
            submit();
        }
    }

    /**
     * Runs {@code task} on {@code channel}'s event loop after the writes added before it (and before
     * those added after it), e.g. to look at the channel's writability once they are in its buffer.
     * It counts as one write towards {@link #maxWrites()}.
     */
    public void execute(Channel channel, Runnable task) {
        assert usedByOwner();
        writesFor(channel.eventLoop()).add(new Deferred(task));
        if (++size >= maxWrites) {
            submit();
        }
    }

    /**
     * Adds a write of {@code message} to each of {@code channels}: each gets its own
     * {@code retainedDuplicate()}, made on its event loop. The batch owns {@code message} from here.
     */
    public void writeToAll(List<Channel> channels, ByteBufHolder message) {
        share(channels, message);
    }

    /** Like {@link #writeToAll(List, ByteBufHolder)}, for bare bytes. */
    public void writeToAll(List<Channel> channels, ByteBuf message) {
        share(channels, message);
    }

    private void share(List<Channel> channels, ReferenceCounted message) {
        assert usedByOwner();
        try {
            if (channels.isEmpty()) {
                return;
            }
            EventLoop firstLoop = channels.get(0).eventLoop();
            int firstOther = 1;
            while (firstOther < channels.size() && channels.get(firstOther).eventLoop() == firstLoop) {
                firstOther++;
            }
            if (firstOther == channels.size()) {
                writesFor(firstLoop).add(new Shared(channels, message.retain()));
            } else {
                for (LoopGroup group : groupByLoop(channels)) {
                    writesFor(group.loop).add(new Shared(group.channels, message.retain()));
                }
            }
            size += channels.size();
        } finally {
            message.release();
        }
        if (size >= maxWrites) {
            submit();
        }
    }

    /** The channels of one event loop, in the order they were given. */
    private record LoopGroup(EventLoop loop, List<Channel> channels) {
    }

    /**
     * {@code channels} by event loop: counted first, so each group's list is made at its size (a
     * fan-out to a room of 100 on two loops would grow two lists five times each otherwise). The loops
     * are searched in a list: a relay has about one per core.
     */
    private static List<LoopGroup> groupByLoop(List<Channel> channels) {
        List<EventLoop> loops = new ArrayList<>(4);
        int[] counts = new int[4];
        for (Channel channel : channels) {
            int g = indexOf(loops, channel.eventLoop());
            if (g < 0) {
                g = loops.size();
                loops.add(channel.eventLoop());
                if (g == counts.length) {
                    counts = Arrays.copyOf(counts, 2 * g);
                }
            }
            counts[g]++;
        }
        List<LoopGroup> groups = new ArrayList<>(loops.size());
        for (int g = 0; g < loops.size(); g++) {
            groups.add(new LoopGroup(loops.get(g), new ArrayList<>(counts[g])));
        }
        for (Channel channel : channels) {
            groups.get(indexOf(loops, channel.eventLoop())).channels.add(channel);
        }
        return groups;
    }

    private static int indexOf(List<EventLoop> loops, EventLoop loop) {
        for (int i = 0; i < loops.size(); i++) {
            if (loops.get(i) == loop) {
                return i;
            }
        }
        return -1;
    }

    /** True on the thread that owns this batch (the first to use it), which the assertions check. */
    private boolean usedByOwner() {
        Thread current = Thread.currentThread();
        if (owner == null) {
            owner = current;
        }
        if (owner != current) {
            throw new AssertionError("WriteBatch used on " + current.getName() + "; it belongs to " + owner.getName());
        }
        return true;
    }

    private List<Object> writesFor(EventLoop loop) {
        return pending.computeIfAbsent(loop, l -> new ArrayList<>());
    }

    /**
     * Hands every waiting write to its event loop, one task per loop (run at once for the loop of
     * the calling thread), and empties the batch.
     */
    public void submit() {
        submit(true);
    }

    /**
     * Like {@link #submit()}, but the calling thread's loop gets its share as a task too, behind the
     * tasks already queued there: batches submitted one after the other from different threads (under
     * one lock) then reach every channel in the order they were submitted.
     */
    public void submitInOrder() {
        submit(false);
    }

    private void submit(boolean inlineOwnLoop) {
        assert usedByOwner();
        if (size == 0) {
            return;
        }
        for (Map.Entry<EventLoop, List<Object>> entry : pending.entrySet()) {
            EventLoop loop = entry.getKey();
            List<Object> writes = entry.getValue();
            if (inlineOwnLoop && loop.inEventLoop()) {
                LoopWriter.write(loop, writes, writesPerFlush, writesPerTurn, maxCoalescedBytes);
            } else {
                try {
                    loop.execute(() -> LoopWriter.write(loop, writes, writesPerFlush, writesPerTurn, maxCoalescedBytes));
                } catch (RejectedExecutionException e) {
                    LoopWriter.releaseFrom(writes, 0);
                }
            }
        }
        pending.clear();
        size = 0;
    }
}
