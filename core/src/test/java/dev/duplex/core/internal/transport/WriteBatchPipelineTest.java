package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.VideoFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WriteBatch} behind the real {@link DuplexPipeline} (flush consolidation included), on real
 * event loops: what leaves the bottom of the pipeline, and in which event-loop task. A test thread
 * submits a batch and then queues a probe task on each loop; the probe runs right after the batch's
 * task, so a flush deferred to a later task of its own has not happened yet when the probe looks.
 */
@Timeout(60)
class WriteBatchPipelineTest {
    private final LoopbackChannels loopback = new LoopbackChannels();
    private final Map<Channel, Wire> wires = new ConcurrentHashMap<>();

    /**
     * Sits at the socket end of the pipeline: records "w" per write and "f" per flush that reach it,
     * and the bytes of each write.
     */
    private static final class Wire extends ChannelOutboundHandlerAdapter {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> writes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            events.add("w");
            writes.add(ByteBufUtil.getBytes((ByteBuf) msg));
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            events.add("f");
        }
    }

    /** Connects {@code count} channels, each with the whole duplex pipeline above a {@link Wire}. */
    private List<Channel> connect(int count) {
        for (int i = 0; i < count; i++) {
            Wire wire = new Wire();
            Channel ch = loopback.connect(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel c) {
                    DuplexPipeline.configure(c, TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT,
                            new FlowCounters(), new ChannelInboundHandlerAdapter());
                    c.pipeline().addFirst(wire);
                }
            });
            wires.put(ch, wire);
        }
        return loopback.all();
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    private static EncodedFrame text(int n) {
        return EncodedFrame.of(new TextFrame(n, n, 0, "alice", "lobby", "message " + n),
                UnpooledByteBufAllocator.DEFAULT);
    }

    /**
     * Looks at every channel's events from a task queued on its loop after what was queued there
     * before (so before any task the batch's own task queued in turn).
     */
    private Map<Channel, List<String>> eventsSeenByAProbe() throws Exception {
        Map<Channel, List<String>> seen = new ConcurrentHashMap<>();
        List<io.netty.util.concurrent.Future<?>> probes = new ArrayList<>();
        for (Channel ch : loopback.all()) {
            probes.add(ch.eventLoop().submit(() -> {
                synchronized (wires.get(ch).events) {
                    seen.put(ch, List.copyOf(wires.get(ch).events));
                }
            }));
        }
        for (io.netty.util.concurrent.Future<?> probe : probes) {
            probe.get(10, TimeUnit.SECONDS);
        }
        return seen;
    }

    @Test
    void aFanOutIsFlushedInsideTheBatchTaskNotInOneMoreTaskPerReceiver() throws Exception {
        List<Channel> all = connect(10);
        assertThat(all.stream().map(Channel::eventLoop).distinct()).hasSize(2);
        WriteBatch batch = new WriteBatch();
        batch.writeToAll(all, text(1));
        batch.write(all.get(0), text(2));

        batch.submit();
        Map<Channel, List<String>> seen = eventsSeenByAProbe();

        for (Channel ch : all) {
            assertThat(seen.get(ch)).as("flushes inside the batch task").endsWith("f").containsOnlyOnce("f");
        }
        assertThat(seen.get(all.get(0))).containsExactly("w", "w", "f");
    }

    @Test
    void aLongBatchIsFlushedEveryWritesPerFlushWrites() throws Exception {
        Channel ch = connect(1).get(0);
        WriteBatch batch = new WriteBatch(WriteBatch.DEFAULT_MAX_WRITES, 4);
        for (int n = 0; n < 10; n++) {
            batch.write(ch, text(n));
        }
        batch.submit();
        assertThat(eventsSeenByAProbe().get(ch)).containsExactly("w", "w", "w", "w", "f", "w", "w", "w", "w", "f", "w", "w", "f");
    }

    @Test
    void sharedMessagesCountTowardsEachReceiversFlushBound() throws Exception {
        List<Channel> both = connect(2);
        WriteBatch batch = new WriteBatch(new BatchLimits(WriteBatch.DEFAULT_MAX_WRITES, 2,
                WriteBatch.DEFAULT_WRITES_PER_TURN, 0)); // each text its own write
        for (int n = 0; n < 3; n++) {
            batch.writeToAll(both, text(n));
        }
        batch.submit();
        Map<Channel, List<String>> seen = eventsSeenByAProbe();
        for (Channel ch : both) {
            assertThat(seen.get(ch)).containsExactly("w", "w", "f", "w", "f");
        }
    }

    /** The frames in {@code bytes}, decoded one after the other (each released). */
    private static List<String> decodeAll(byte[] bytes) {
        List<String> frames = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        while (in.isReadable()) {
            int length = dev.duplex.core.internal.protocol.Wire.HEADER_LENGTH
                    + (int) in.getUnsignedInt(in.readerIndex() + 2);
            Frame frame = FrameCodec.decode(in.readSlice(length));
            frames.add(frame instanceof TextFrame t ? t.body() : frame.type().name());
            ReferenceCountUtil.release(frame);
        }
        return frames;
    }

    private static byte[] encoded(EncodedFrame frame) {
        try {
            return ByteBufUtil.getBytes(frame.content());
        } finally {
            frame.release();
        }
    }

    private static EncodedFrame video(int n) {
        return EncodedFrame.of(new VideoFrame(n, 0, 4, 3, "bob", Unpooled.wrappedBuffer(new byte[] {1, 2, 3})),
                UnpooledByteBufAllocator.DEFAULT);
    }

    @Test
    void smallTextsOfAFanOutReachEachReceiverAsOneWriteOfTheSameBytesInOrder() throws Exception {
        List<Channel> all = connect(4);
        WriteBatch batch = new WriteBatch();
        for (int n = 0; n < 5; n++) {
            batch.writeToAll(all, text(n));
        }
        batch.submit();
        Map<Channel, List<String>> seen = eventsSeenByAProbe();

        byte[] expected = concat(IntStream.range(0, 5).mapToObj(n -> encoded(text(n))).toList());
        for (Channel ch : all) {
            assertThat(seen.get(ch)).as("one write and one flush").containsExactly("w", "f");
            assertThat(wires.get(ch).writes.get(0)).isEqualTo(expected);
            assertThat(decodeAll(wires.get(ch).writes.get(0)))
                    .containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
        }
    }

    @Test
    void aFrameOfAnotherKindOrAWriteOfItsOwnEndsTheRunSoEachReceiverKeepsTheOrder() throws Exception {
        List<Channel> both = connect(2);
        WriteBatch batch = new WriteBatch();
        batch.writeToAll(both, text(0));
        batch.writeToAll(both, text(1));
        batch.writeToAll(both, video(2));
        batch.writeToAll(both, text(3));
        batch.write(both.get(0), text(4));
        batch.writeToAll(both, text(5));
        batch.submit();
        Map<Channel, List<String>> seen = eventsSeenByAProbe();

        Channel first = both.get(0);
        Channel second = both.get(1);
        assertThat(seen.get(first)).containsExactly("w", "w", "w", "w", "w", "f");
        assertThat(wires.get(first).writes.stream().map(WriteBatchPipelineTest::decodeAll).toList()).containsExactly(
                List.of("message 0", "message 1"), List.of("VIDEO"), List.of("message 3"), List.of("message 4"),
                List.of("message 5"));
        assertThat(seen.get(second)).containsExactly("w", "w", "w", "f");
        assertThat(wires.get(second).writes.stream().map(WriteBatchPipelineTest::decodeAll).toList()).containsExactly(
                List.of("message 0", "message 1"), List.of("VIDEO"), List.of("message 3", "message 5"));
    }

    @Test
    void aRunHoldsAtMostMaxCoalescedBytesAndLargerTextsGoAlone() throws Exception {
        Channel ch = connect(1).get(0);
        int textBytes = encoded(text(10)).length;
        int maxCoalescedBytes = 4 * textBytes; // a quarter: one text joins a run
        WriteBatch batch = new WriteBatch(new BatchLimits(WriteBatch.DEFAULT_MAX_WRITES,
                WriteBatch.DEFAULT_WRITES_PER_FLUSH, WriteBatch.DEFAULT_WRITES_PER_TURN, maxCoalescedBytes));
        for (int n = 10; n < 20; n++) {
            batch.writeToAll(List.of(ch), text(n));
        }
        EncodedFrame large = EncodedFrame.of(new TextFrame(99, 99, 0, "alice", "lobby", "x".repeat(textBytes)),
                UnpooledByteBufAllocator.DEFAULT);
        int largeBytes = large.content().readableBytes();
        batch.writeToAll(List.of(ch), large);
        batch.writeToAll(List.of(ch), text(20));
        batch.submit();
        eventsSeenByAProbe();

        assertThat(wires.get(ch).writes).extracting(w -> w.length)
                .containsExactly(4 * textBytes, 4 * textBytes, 2 * textBytes, largeBytes, textBytes);
        assertThat(wires.get(ch).writes.stream().flatMap(w -> decodeAll(w).stream()).toList())
                .containsExactlyElementsOf(IntStream.rangeClosed(10, 20).mapToObj(n -> n == 20
                        ? List.of("x".repeat(textBytes), "message 20") : List.of("message " + n))
                        .flatMap(List::stream).toList());
    }

    @Test
    void aFrameThatJoinsARunCountsAQuarterOfAWriteTowardsTheTurn() throws Exception {
        Channel ch = connect(1).get(0);
        int textBytes = encoded(text(10)).length;
        WriteBatch batch = new WriteBatch(new BatchLimits(WriteBatch.DEFAULT_MAX_WRITES,
                WriteBatch.DEFAULT_WRITES_PER_FLUSH, 2, WriteBatch.DEFAULT_MAX_COALESCED_BYTES));
        for (int n = 10; n < 19; n++) {
            batch.writeToAll(List.of(ch), text(n));
        }
        batch.submit();
        await().atMost(Duration.ofSeconds(10)).until(() -> wires.get(ch).writes.size() == 2);
        assertThat(wires.get(ch).writes).as("two writes' worth: eight frames in the first turn, one in the next")
                .extracting(w -> w.length).containsExactly(8 * textBytes, textBytes);
    }

    @Test
    void withMaxCoalescedBytesZeroEachTextIsAWriteOfItsOwn() throws Exception {
        Channel ch = connect(1).get(0);
        WriteBatch batch = new WriteBatch(new BatchLimits(WriteBatch.DEFAULT_MAX_WRITES,
                WriteBatch.DEFAULT_WRITES_PER_FLUSH, WriteBatch.DEFAULT_WRITES_PER_TURN, 0));
        for (int n = 0; n < 3; n++) {
            batch.writeToAll(List.of(ch), text(n));
        }
        batch.submit();
        assertThat(eventsSeenByAProbe().get(ch)).containsExactly("w", "w", "w", "f");
    }

    @Test
    void refusesAnOutOfRangeRunLimit() {
        assertThatThrownBy(() -> new BatchLimits(1, 1, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCoalescedBytes must be 0 to");
        assertThatThrownBy(() -> new BatchLimits(1, 1, 1, BatchLimits.MAX_COALESCED_BYTES_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteBuf all = Unpooled.buffer();
        parts.forEach(all::writeBytes);
        return ByteBufUtil.getBytes(all);
    }

    @Test
    void aFlushFromOutsideAReadLeavesInTheSameTask() throws Exception {
        Channel ch = connect(1).get(0);
        ch.eventLoop().execute(() -> ch.writeAndFlush(text(1)));
        assertThat(eventsSeenByAProbe().get(ch)).containsExactly("w", "f");
    }

    @Test
    void flushesInsideAReadStillWaitForTheEndOfTheRead() {
        EmbeddedChannel ch = new EmbeddedChannel();
        DuplexPipeline.configure(ch, TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT, new FlowCounters(),
                new ChannelInboundHandlerAdapter());
        Wire wire = new Wire();
        ch.pipeline().addFirst(wire);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(text(2));
                ctx.writeAndFlush(text(3));
            }
        });
        ByteBuf frame = FrameCodec.encode(new TextFrame(9, 0, 0, "", "", "hi"), UnpooledByteBufAllocator.DEFAULT);
        ch.pipeline().fireChannelRead(frame);
        assertThat(wire.events).as("flushes inside a read wait for its end").containsExactly("w", "w");
        ch.pipeline().fireChannelReadComplete();
        assertThat(wire.events).containsExactly("w", "w", "f");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesANonPositiveFlushBound() {
        assertThatThrownBy(() -> new WriteBatch(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writesPerFlush");
    }
}
