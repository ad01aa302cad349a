package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.ReferenceCounted;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to many channels, collected on one thread and handed to the channels' event loops in
 * <em>one task per event loop</em>, which writes them in order and then flushes each channel once
 * (and after every {@link #writesPerFlush()} writes to one channel, as grpc-java's {@code WriteQueue}
 * flushes every chunk, so a large batch does not hold its bytes back from the socket until its end).
 * The flushes happen inside that task: {@link DuplexPipeline}'s flush consolidation passes a flush
 * from outside a read straight through.
 * <p>
 * Writing to a channel from a thread that is not its event loop costs a task, an allocation and
 * possibly a wake-up of that loop per call; a fan-out of one message to 100 receivers from the
 * relay's history thread would cost 100 of them, and a flush per receiver per message. A batch
 * costs one task per event loop per {@link #submit()} and one flush per channel.
 * <p>
 * Messages written to one channel keep their order, within a batch and across batches submitted
 * from the same thread. A message whose channel is closed, or whose event loop refuses the task,
 * is released. At most {@link #maxWrites()} writes wait in a batch: the write that reaches it
 * submits the batch early, so a batch never holds more than that many messages.
 * <p>
 * A message for many channels ({@link #writeToAll}) is held once per event loop; that loop makes
 * each channel's {@code retainedDuplicate()} itself, so the duplicates are created and recycled on
 * the thread that writes them, not on the thread that fills the batch.
 * <p>
 * Not thread-safe: one thread fills and submits a batch (the history writer, or an event loop). The
 * first thread to use a batch owns it; use from another thread fails an assertion.
 */
public final class WriteBatch {
    /** Writes held before a batch submits itself (16 384). */
    public static final int DEFAULT_MAX_WRITES = 16_384;
    /** Writes to one channel within a batch task before that channel is flushed (128). */
    public static final int DEFAULT_WRITES_PER_FLUSH = 128;

    private final int maxWrites;
    private final int writesPerFlush;
    private static final Logger log = LoggerFactory.getLogger(WriteBatch.class);

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
        this.maxWrites = Checks.positive("maxWrites", maxWrites);
        this.writesPerFlush = Checks.positive("writesPerFlush", writesPerFlush);
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

    /** Writes that wait for {@link #submit()}. */
    public int size() {
        return size;
    }

    /** A task to run on a channel's event loop in order with the writes around it. */
    private record Deferred(Runnable task) {
    }

    /** One message for several channels of one event loop, which each get a duplicate of it. */
    private record Shared(List<Channel> channels, ReferenceCounted message) {
        /** A duplicate of the message for one channel, retained once. */
        Object duplicate() {
            return message instanceof ByteBuf bytes ? bytes.retainedDuplicate() : ((ByteBufHolder) message).retainedDuplicate();
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
            boolean oneLoop = true;
            for (Channel channel : channels) {
                oneLoop &= channel.eventLoop() == firstLoop;
            }
            if (oneLoop) {
                writesFor(firstLoop).add(new Shared(channels, message.retain()));
            } else {
                Map<EventLoop, List<Channel>> byLoop = new IdentityHashMap<>();
                for (Channel channel : channels) {
                    byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add(channel);
                }
                byLoop.forEach((loop, group) -> writesFor(loop).add(new Shared(group, message.retain())));
            }
            size += channels.size();
        } finally {
            message.release();
        }
        if (size >= maxWrites) {
            submit();
        }
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
                writeAndFlush(writes);
            } else {
                try {
                    loop.execute(() -> writeAndFlush(writes));
                } catch (RejectedExecutionException e) {
                    releaseAll(writes);
                }
            }
        }
        pending.clear();
        size = 0;
    }

    /**
     * Writes one loop's share in order and flushes each channel it wrote to: after every
     * {@code writesPerFlush} writes to it (so a long batch does not keep its bytes from the socket
     * until the end), and once at the end.
     */
    private void writeAndFlush(List<Object> writes) {
        Unflushed unflushed = Unflushed.take();
        try {
            int i = 0;
            while (i < writes.size()) {
                if (writes.get(i) instanceof Deferred deferred) {
                    runSafely(deferred.task);
                    i++;
                } else if (writes.get(i) instanceof Shared shared) {
                    try {
                        for (Channel channel : shared.channels) {
                            if (channel.isActive()) {
                                channel.write(shared.duplicate(), channel.voidPromise());
                                unflushed.wrote(channel, writesPerFlush);
                            }
                        }
                    } finally {
                        shared.message.release();
                    }
                    i++;
                } else {
                    Channel channel = (Channel) writes.get(i);
                    Object msg = writes.get(i + 1);
                    if (channel.isActive()) {
                        channel.write(msg, channel.voidPromise());
                        unflushed.wrote(channel, writesPerFlush);
                    } else {
                        ReferenceCountUtil.release(msg);
                    }
                    i += 2;
                }
            }
            unflushed.flushAll();
        } finally {
            unflushed.giveBack();
        }
    }

    /**
     * Writes per channel since its last flush, within one event-loop task of a batch. One per event
     * loop, reused from task to task (a task writes to every receiver of a room: a new map per task
     * grew and rehashed itself each time); a task run from within another's (a deferred task that
     * submits a batch on its own loop) gets a fresh one.
     */
    private static final class Unflushed {
        private static final FastThreadLocal<Unflushed> PER_THREAD = new FastThreadLocal<>() {
            @Override
            protected Unflushed initialValue() {
                return new Unflushed();
            }
        };
        /** Most channels whose counters are kept between tasks; a larger map is dropped. */
        private static final int MAX_KEPT = 4096;

        private final IdentityHashMap<Channel, int[]> counts = new IdentityHashMap<>();
        private boolean inUse;

        static Unflushed take() {
            Unflushed mine = PER_THREAD.get();
            if (mine.inUse) {
                return new Unflushed();
            }
            mine.inUse = true;
            return mine;
        }

        void wrote(Channel channel, int writesPerFlush) {
            int[] count = counts.get(channel);
            if (count == null) {
                count = new int[1];
                counts.put(channel, count);
            }
            if (++count[0] >= writesPerFlush) {
                channel.flush();
                count[0] = 0;
            }
        }

        void flushAll() {
            counts.forEach((channel, count) -> {
                if (count[0] > 0) {
                    channel.flush();
                }
            });
        }

        void giveBack() {
            if (counts.size() > MAX_KEPT) {
                PER_THREAD.remove(); // the next task starts with a small map
            } else {
                counts.clear();
            }
            inUse = false;
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("A task of a write batch failed", e);
        }
    }

    private static void releaseAll(List<Object> writes) {
        int i = 0;
        while (i < writes.size()) {
            if (writes.get(i) instanceof Deferred) {
                i++; // its loop is gone: so is its channel
            } else if (writes.get(i) instanceof Shared shared) {
                shared.message.release();
                i++;
            } else {
                ReferenceCountUtil.release(writes.get(i + 1));
                i += 2;
            }
        }
    }
}
