package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteBatch} with an inline event loop (an {@link EmbeddedChannel} is always "in its event
 * loop", as grpc-java's {@code WriteQueueTest} mocks one), alone and behind the real
 * {@link DuplexPipeline}: what reaches the socket end and when, without threads or waiting.
 */
class WriteBatchInlineTest {

    /**
     * Sits at the socket end: records "f" per flush and per write "w&lt;n&gt;" (n: the message's first
     * int), or "w" for duplex frames (whose first bytes are their header).
     */
    private static final class Wire extends ChannelOutboundHandlerAdapter {
        final List<String> events = new ArrayList<>();
        private final boolean frames;

        Wire() {
            this(false);
        }

        Wire(boolean frames) {
            this.frames = frames;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ByteBuf bytes = (ByteBuf) msg;
            events.add(frames ? "w" : "w" + bytes.getInt(bytes.readerIndex()));
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            events.add("f");
        }
    }

    private static ByteBuf number(int n) {
        return Unpooled.buffer(4).writeInt(n);
    }

    private static EmbeddedChannel channel(Wire wire) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addFirst(wire);
        return ch;
    }

    @Test
    void onItsOwnLoopABatchIsWrittenAtSubmitInOrderWithOneFlushPerChannel() {
        Wire a = new Wire();
        Wire b = new Wire();
        EmbeddedChannel chA = channel(a);
        EmbeddedChannel chB = channel(b);
        WriteBatch batch = new WriteBatch();
        batch.write(chA, number(1));
        batch.write(chB, number(2));
        List<String> seenByTask = new ArrayList<>();
        batch.execute(chA, () -> seenByTask.addAll(a.events));
        batch.write(chA, number(3));
        assertThat(a.events).as("nothing before submit").isEmpty();

        batch.submit();

        assertThat(a.events).containsExactly("w1", "w3", "f");
        assertThat(b.events).containsExactly("w2", "f");
        assertThat(seenByTask).as("a deferred task runs between the writes around it").containsExactly("w1");
        assertThat(batch.size()).isZero();
        chA.finishAndReleaseAll();
        chB.finishAndReleaseAll();
    }

    @Test
    void aLongBatchIsFlushedEveryWritesPerFlushWritesAndAtTheEnd() {
        Wire wire = new Wire();
        EmbeddedChannel ch = channel(wire);
        WriteBatch batch = new WriteBatch(WriteBatch.DEFAULT_MAX_WRITES, 2);
        for (int n = 1; n <= 5; n++) {
            batch.write(ch, number(n));
        }
        batch.submit();
        assertThat(wire.events).containsExactly("w1", "w2", "f", "w3", "w4", "f", "w5", "f");
        ch.finishAndReleaseAll();
    }

    @Test
    void aMessageForAClosedChannelIsReleasedNotWritten() {
        Wire wire = new Wire();
        EmbeddedChannel ch = channel(wire);
        ch.close();
        ByteBuf msg = number(7);
        WriteBatch batch = new WriteBatch();
        batch.write(ch, msg);
        batch.submit();
        assertThat(msg.refCnt()).isZero();
        assertThat(wire.events).isEmpty();
    }

    /**
     * Behind the real pipeline: a fan-out submitted while one member's read is in progress reaches
     * another member's socket at once (flush consolidation holds back only flushes of the channel
     * that is reading), and the reading channel's own answer waits for the end of its read.
     */
    @Test
    void behindThePipelineOnlyTheReadingChannelsFlushWaitsForItsReadToEnd() {
        Wire senderWire = new Wire(true);
        Wire receiverWire = new Wire(true);
        EmbeddedChannel receiver = new EmbeddedChannel();
        DuplexPipeline.configure(receiver, TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT, new FlowCounters(),
                new ChannelInboundHandlerAdapter());
        receiver.pipeline().addFirst(receiverWire);
        List<String> receiverEventsDuringRead = new ArrayList<>();
        List<String> senderEventsDuringRead = new ArrayList<>();
        EmbeddedChannel sender = new EmbeddedChannel();
        DuplexPipeline.configure(sender, TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT, new FlowCounters(),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        WriteBatch batch = new WriteBatch();
                        batch.writeToAll(List.of(receiver), text(4));
                        batch.write(ctx.channel(), text(5));
                        batch.submit();
                        receiverEventsDuringRead.addAll(receiverWire.events);
                        senderEventsDuringRead.addAll(senderWire.events);
                    }
                });
        sender.pipeline().addFirst(senderWire);

        sender.writeInbound(FrameCodec.encode(new TextFrame(9, 0, 0, "", "", "hi"), UnpooledByteBufAllocator.DEFAULT));

        assertThat(receiverEventsDuringRead).as("the receiver is not reading: flushed at once").containsExactly("w", "f");
        assertThat(senderEventsDuringRead).as("the reader's flush waits for the end of its read").containsExactly("w");
        assertThat(senderWire.events).containsExactly("w", "f");
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
    }

    private static EncodedFrame text(int n) {
        return EncodedFrame.of(new TextFrame(n, n, 0, "alice", "lobby", "message " + n), UnpooledByteBufAllocator.DEFAULT);
    }

    /** The threading rule: one thread fills and submits a batch. Breaking it fails (tests run with -ea). */
    @Test
    void aBatchUsedFromASecondThreadFailsTheOwnerCheck() throws Exception {
        Wire wire = new Wire();
        EmbeddedChannel ch = channel(wire);
        WriteBatch batch = new WriteBatch();
        batch.write(ch, number(1));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            ByteBuf msg = number(2);
            try {
                batch.write(ch, msg);
            } catch (Throwable t) {
                msg.release();
                failure.set(t);
            }
        });
        other.get();
        assertThat(failure.get()).isInstanceOf(AssertionError.class).hasMessageContaining("WriteBatch used on");
        assertThatThrownBy(() -> CompletableFuture.runAsync(batch::submit).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AssertionError.class);
        batch.submit();
        assertThat(wire.events).containsExactly("w1", "f");
        ch.finishAndReleaseAll();
    }
}
