package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackpressureHandlerTest {
    private final FlowCounters counters = new FlowCounters();

    private EmbeddedChannel channel(TransportConfig config, OverflowPolicy policy) {
        return new EmbeddedChannel(new BackpressureHandler(config, policy, counters), ProtocolErrorHandler.INSTANCE);
    }

    private static void setWritable(EmbeddedChannel ch, boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    private static VideoFrame video(String sender, long seq) {
        return new VideoFrame(seq, 0, 2, 2, sender, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    }

    private static TextFrame text(long id) {
        return new TextFrame(id, 0, 0, "a", "r", "message " + id);
    }

    private static List<Object> drainOutbound(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readOutbound()) != null; ) {
            out.add(m);
        }
        return out;
    }

    @Test
    void videoPassesStraightThroughWhenWritable() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        ch.writeAndFlush(video("bob", 1));
        VideoFrame out = ch.readOutbound();
        assertThat(out.sequence()).isEqualTo(1);
        out.release();
        assertThat(counters.videoDropped()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void holdsNoQueueNorVideoSlotsUnlessSomethingWaits() {
        BackpressureHandler handler = new BackpressureHandler(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT,
                counters);
        EmbeddedChannel ch = new EmbeddedChannel(handler, ProtocolErrorHandler.INSTANCE);
        ch.writeAndFlush(text(1));
        ch.writeAndFlush(video("bob", 1));
        assertThat(handler.holdsWaitingRoom()).as("nothing waited").isFalse();
        drainOutbound(ch).forEach(io.netty.util.ReferenceCountUtil::release);

        setWritable(ch, false);
        ch.writeAndFlush(text(2));
        ch.writeAndFlush(video("bob", 2));
        assertThat(handler.holdsWaitingRoom()).isTrue();
        assertThat(handler.queuedMessages()).isEqualTo(1);
        assertThat(handler.pendingVideoFrames()).isEqualTo(1);

        setWritable(ch, true);
        List<Object> out = drainOutbound(ch);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).as("the queue drains before video").isInstanceOf(TextFrame.class);
        out.forEach(io.netty.util.ReferenceCountUtil::release);
        assertThat(handler.holdsWaitingRoom()).as("dropped once drained").isFalse();
        assertThat(handler.queuedMessages()).isZero();
        assertThat(handler.pendingVideoFrames()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void videoWaitsBehindQueuedTextEvenWhenWritableAgain() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        ch.writeAndFlush(text(1));
        // Writable again, but the text queue has not been drained yet (no writability event so far).
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.writeAndFlush(video("bob", 1));
        ch.runPendingTasks();
        List<Object> out = drainOutbound(ch);
        assertThat(out).extracting(m -> m.getClass().getSimpleName()).containsExactly("TextFrame", "VideoFrame");
        out.forEach(io.netty.util.ReferenceCountUtil::release);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void dropsStaleFrameWhenReceiverIsNotWritable() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        ch.writeAndFlush(video("bob", 1));
        ChannelFuture second = ch.writeAndFlush(video("bob", 2));
        ch.writeAndFlush(video("carol", 7));
        ch.writeAndFlush(video("bob", 3));
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(counters.videoDropped()).isEqualTo(2);
        assertThat(second.isSuccess()).isFalse();

        setWritable(ch, true);
        List<Object> out = drainOutbound(ch);
        // Only each sender's newest frame is left; the sender whose frame waited longest goes first.
        assertThat(out).extracting(m -> ((VideoFrame) m).sender() + ((VideoFrame) m).sequence())
                .containsExactly("carol7", "bob3");
        out.forEach(m -> ((VideoFrame) m).release());
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void oneVideoFrameAtATimeGoesTowardsTheSocketTheNextWaitsAndCanBeReplaced() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        // Written but not flushed: frame 1 is still on its way into the socket.
        ChannelFuture first = ch.write(video("bob", 1));
        ChannelFuture second = ch.write(video("bob", 2), ch.newPromise());
        ch.write(video("bob", 3), ch.voidPromise());
        assertThat(first.isDone()).isFalse();
        assertThat(second.cause()).isSameAs(BackpressureHandler.SUPERSEDED);
        assertThat(counters.videoDropped()).isEqualTo(1);
        // A text does not wait behind the video frame in flight.
        ch.write(text(1));
        ch.flush();
        // Frame 1 is in the socket: frame 3, the newest, follows at once.
        assertThat(first.isSuccess()).isTrue();
        List<Object> out = drainOutbound(ch);
        assertThat(out).extracting(m -> m instanceof VideoFrame v ? "video " + v.sequence() : "text")
                .containsExactly("video 1", "text", "video 3");
        out.forEach(io.netty.util.ReferenceCountUtil::release);
        assertThat(ch.finish()).isFalse();
    }

    /** A handler pacing video by receipts (a window of one frame), its clock at {@code clock[0]}, a 100 ms round trip. */
    private EmbeddedChannel pacedByReceipts(long[] clock) {
        BackpressureHandler handler = new BackpressureHandler(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT,
                counters, () -> clock[0]);
        LinkStats link = new LinkStats();
        link.record(0, 50_000, 100_000);
        EmbeddedChannel ch = new EmbeddedChannel(handler, ProtocolErrorHandler.INSTANCE);
        handler.paceVideoByReceipts(1, link);
        return ch;
    }

    private static long sequenceOf(Object frame) {
        VideoFrame v = (VideoFrame) frame;
        long sequence = v.sequence();
        v.release();
        return sequence;
    }

    @Test
    void pacedByReceiptsAFrameWaitsForTheReceiptAndTheNewestGoes() {
        long[] clock = {0};
        EmbeddedChannel ch = pacedByReceipts(clock);
        BackpressureHandler handler = ch.pipeline().get(BackpressureHandler.class);
        ch.writeAndFlush(video("alice", 1));
        assertThat(sequenceOf(ch.readOutbound())).isEqualTo(1);
        clock[0] = TimeUnit.MILLISECONDS.toNanos(150); // frame 1 is a round trip old, unfinished
        ch.writeAndFlush(video("alice", 2));
        ch.writeAndFlush(video("alice", 3));
        assertThat((Object) ch.readOutbound()).as("waiting for the receipt").isNull();
        assertThat(counters.videoDropped()).as("2 replaced by 3").isEqualTo(1);
        handler.receipt("bob", 1); // another sender's: nothing
        assertThat((Object) ch.readOutbound()).isNull();
        handler.receipt("alice", 1);
        assertThat(sequenceOf(ch.readOutbound())).isEqualTo(3);
        assertThat(handler.unfinishedVideoFrames()).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void pacedByReceiptsASilentReceiverGetsAFrameAfterTheStallTime() {
        long[] clock = {0};
        EmbeddedChannel ch = pacedByReceipts(clock);
        ch.freezeTime();
        ch.writeAndFlush(video("alice", 1));
        assertThat(sequenceOf(ch.readOutbound())).isEqualTo(1);
        clock[0] = TimeUnit.MILLISECONDS.toNanos(200);
        ch.writeAndFlush(video("alice", 2));
        assertThat((Object) ch.readOutbound()).isNull();
        // No receipt: the check scheduled for the stall's end lets it through.
        clock[0] = ReceiptWindow.STALL_NANOS;
        ch.advanceTimeBy(ReceiptWindow.STALL_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(sequenceOf(ch.readOutbound())).isEqualTo(2);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void withoutPacingReceiptsChangeNothing() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        ch.pipeline().get(BackpressureHandler.class).receipt("alice", 1);
        ch.writeAndFlush(video("alice", 1));
        ch.writeAndFlush(video("alice", 2));
        assertThat(sequenceOf(ch.readOutbound())).isEqualTo(1);
        assertThat(sequenceOf(ch.readOutbound())).isEqualTo(2);
        assertThat(ch.pipeline().get(BackpressureHandler.class).unfinishedVideoFrames()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void droppingAFrameWrittenWithAVoidPromiseKeepsTheConnectionOpen() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        ch.writeAndFlush(video("bob", 1), ch.voidPromise());
        ch.writeAndFlush(video("bob", 2), ch.voidPromise());
        assertThat(counters.videoDropped()).isEqualTo(1);
        assertThat(ch.isOpen()).isTrue();
        setWritable(ch, true);
        VideoFrame out = ch.readOutbound();
        assertThat(out.sequence()).isEqualTo(2);
        out.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void newVideoSenderBeyondTheStreamLimitIsDropped() {
        EmbeddedChannel ch = channel(TransportConfig.builder().maxVideoStreams(1).build(), OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        ch.writeAndFlush(video("bob", 1));
        ch.writeAndFlush(video("carol", 1));
        assertThat(counters.videoDropped()).isEqualTo(1);
        setWritable(ch, true);
        List<Object> out = drainOutbound(ch);
        assertThat(out).extracting(m -> ((VideoFrame) m).sender()).containsExactly("bob");
        out.forEach(m -> ((VideoFrame) m).release());
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void textWaitsInOrderWhileNotWritableAndIsWrittenWhenWritableAgain() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        for (int i = 1; i <= 5; i++) {
            ch.writeAndFlush(text(i));
        }
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(counters.messagesQueued()).isEqualTo(5);
        setWritable(ch, true);
        assertThat(drainOutbound(ch)).extracting(m -> ((TextFrame) m).messageId()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void heartbeatsAndErrorsDoNotWaitBehindQueuedText() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        ch.writeAndFlush(text(1));
        ch.writeAndFlush(new Ping(9));
        assertThat((Object) ch.readOutbound()).isEqualTo(new Ping(9));
        setWritable(ch, true);
        assertThat(drainOutbound(ch)).hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void videoReceiptsDoNotWaitBehindQueuedTextOrVideo() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        ch.writeAndFlush(text(1));
        ch.writeAndFlush(new dev.duplex.core.internal.protocol.VideoReceipt(7, "bob"));
        assertThat((Object) ch.readOutbound()).isEqualTo(new dev.duplex.core.internal.protocol.VideoReceipt(7, "bob"));
        setWritable(ch, true);
        assertThat(drainOutbound(ch)).hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void slowReceiverOverItsQueueLimitIsSentErrorAndDisconnected() {
        EmbeddedChannel ch = channel(TransportConfig.builder().maxQueuedMessages(3).build(), OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        for (int i = 1; i <= 4; i++) {
            ch.writeAndFlush(text(i));
        }
        assertThat(counters.overflows()).isEqualTo(1);
        Object first = ch.readOutbound();
        assertThat(first).isInstanceOf(ErrorFrame.class);
        assertThat(((ErrorFrame) first).code()).isEqualTo(ErrorCode.SLOW_CONSUMER);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aRunOfSmallFramesCountsEachOfItsFramesAgainstTheQueueLimit() {
        EmbeddedChannel ch = channel(TransportConfig.builder().maxQueuedMessages(5).build(), OverflowPolicy.REJECT);
        setWritable(ch, false);
        ChannelFuture three = ch.writeAndFlush(EncodedFrame.run(Unpooled.wrappedBuffer(new byte[30]), 3));
        assertThat(ch.pipeline().get(BackpressureHandler.class).queuedMessages()).isEqualTo(3);
        ChannelFuture oneMore = ch.writeAndFlush(text(4));
        ChannelFuture twoMore = ch.writeAndFlush(EncodedFrame.run(Unpooled.wrappedBuffer(new byte[20]), 2));
        assertThat(twoMore.cause()).as("3 + 1 + 2 frames > 5").isInstanceOf(SlowConsumerException.class);
        assertThat(ch.pipeline().get(BackpressureHandler.class).queuedMessages()).isEqualTo(4);
        setWritable(ch, true);
        assertThat(drainOutbound(ch)).hasSize(2).allSatisfy(ReferenceCountUtil::release);
        assertThat(three.isSuccess() && oneMore.isSuccess()).isTrue();
        assertThat(ch.pipeline().get(BackpressureHandler.class).queuedMessages()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void queueByteLimitCountsToo() {
        EmbeddedChannel ch = channel(TransportConfig.builder().maxQueuedBytes(200).build(), OverflowPolicy.REJECT);
        setWritable(ch, false);
        ChannelFuture ok = ch.writeAndFlush(new TextFrame(1, 0, 0, "a", "r", "x".repeat(100)));
        ChannelFuture rejected = ch.writeAndFlush(new TextFrame(2, 0, 0, "a", "r", "x".repeat(100)));
        assertThat(ok.isDone()).isFalse();
        assertThat(rejected.cause()).isInstanceOf(SlowConsumerException.class);
        assertThat(ch.isOpen()).as("REJECT keeps the connection").isTrue();
        setWritable(ch, true);
        assertThat(drainOutbound(ch)).hasSize(1);
        assertThat(ok.isSuccess()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void closingReleasesEverythingPending() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT);
        setWritable(ch, false);
        VideoFrame v = video("bob", 1);
        ch.writeAndFlush(v);
        ch.writeAndFlush(text(1));
        ch.close();
        assertThat(v.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }
}
