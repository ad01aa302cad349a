package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WriteBatch} on real event loops (loopback sockets), filled from the test thread. */
@Timeout(60)
class WriteBatchTest {
    private final LoopbackChannels loopback = new LoopbackChannels();
    private final Map<Channel, Recorder> recorders = new ConcurrentHashMap<>();

    /** Records what is written and flushed on a channel instead of sending it. */
    private static final class Recorder extends ChannelOutboundHandlerAdapter {
        final List<Object> written = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger flushes = new AtomicInteger();
        final List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            threads.add(Thread.currentThread());
            written.add(msg instanceof ByteBuf buf ? buf.readInt()
                    : msg instanceof io.netty.buffer.ByteBufHolder holder ? holder.content().readInt() : msg);
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
        }
    }

    private List<Channel> connect(int count) {
        for (int i = 0; i < count; i++) {
            Recorder recorder = new Recorder();
            recorders.put(loopback.connect(recorder), recorder);
        }
        return loopback.all();
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    private static ByteBuf number(int n) {
        return Unpooled.buffer(4).writeInt(n);
    }

    @Test
    void writesEachChannelsMessagesInOrderOnItsLoopAndFlushesEachChannelOncePerSubmit() {
        List<Channel> all = connect(4);
        assertThat(all.stream().map(Channel::eventLoop).distinct()).hasSize(2);
        WriteBatch batch = new WriteBatch();
        for (int n = 0; n < 50; n++) {
            for (Channel ch : all) {
                batch.write(ch, number(n));
            }
        }
        assertThat(batch.size()).isEqualTo(200);
        assertThat(recorders.values()).allSatisfy(r -> assertThat(r.written).isEmpty());

        batch.submit();

        assertThat(batch.size()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> recorders.values().stream()
                .allMatch(r -> r.written.size() == 50));
        for (Channel ch : all) {
            Recorder r = recorders.get(ch);
            assertThat(r.written).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
            await().atMost(Duration.ofSeconds(5)).until(() -> r.flushes.get() == 1);
            assertThat(r.threads).allMatch(t -> ch.eventLoop().inEventLoop(t));
        }
    }

    @Test
    void aFullBatchSubmitsItselfSoItNeverHoldsMoreThanItsLimit() {
        Channel ch = connect(1).get(0);
        WriteBatch batch = new WriteBatch(3);
        batch.write(ch, number(1));
        batch.write(ch, number(2));
        assertThat(batch.size()).isEqualTo(2);
        batch.write(ch, number(3));
        assertThat(batch.size()).isZero();
        batch.write(ch, number(4));
        assertThat(batch.size()).isEqualTo(1);

        Recorder r = recorders.get(ch);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.written.size() == 3);
        batch.submit();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.written.size() == 4);
        assertThat(r.written).containsExactly(1, 2, 3, 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.flushes.get() == 2);
    }

    @Test
    void releasesWhatIsWrittenToAClosedChannel() {
        Channel ch = connect(1).get(0);
        ch.close().syncUninterruptibly();
        ByteBuf msg = number(7);
        WriteBatch batch = new WriteBatch();
        batch.write(ch, msg);
        batch.submit();
        await().atMost(Duration.ofSeconds(5)).until(() -> msg.refCnt() == 0);
        assertThat(recorders.get(ch).written).isEmpty();
    }

    @Test
    void releasesWhatIsLeftWhenTheEventLoopIsShutDown() {
        Channel ch = connect(1).get(0);
        loopback.shutDownLoops();
        ByteBuf msg = number(8);
        WriteBatch batch = new WriteBatch();
        batch.write(ch, msg);
        batch.submit();
        assertThat(msg.refCnt()).isZero();
    }

    @Test
    void aMessageForManyChannelsIsDuplicatedOnEachLoopAndReleasedOnceAllHaveIt() {
        List<Channel> all = connect(4);
        Channel closed = all.get(3);
        closed.close().syncUninterruptibly();
        WriteBatch batch = new WriteBatch();
        batch.write(all.get(0), number(1));
        ByteBuf shared = number(2);
        batch.writeToAll(all, new io.netty.buffer.DefaultByteBufHolder(shared));
        batch.write(all.get(0), number(3));
        assertThat(batch.size()).isEqualTo(6);
        batch.submit();

        await().atMost(Duration.ofSeconds(5)).until(() -> shared.refCnt() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> recorders.get(all.get(0)).written.size() == 3);
        assertThat(recorders.get(all.get(0)).written).containsExactly(1, 2, 3);
        assertThat(recorders.get(all.get(1)).written).containsExactly(2);
        assertThat(recorders.get(all.get(2)).written).containsExactly(2);
        assertThat(recorders.get(closed).written).isEmpty();
    }

    @Test
    void bareBytesForManyChannelsAreDuplicatedToo() {
        List<Channel> all = connect(3);
        ByteBuf shared = number(5);
        WriteBatch batch = new WriteBatch();
        batch.writeToAll(all, shared);
        batch.submit();
        await().atMost(Duration.ofSeconds(5)).until(() -> shared.refCnt() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> recorders.values().stream()
                .allMatch(r -> r.written.equals(List.of(5))));
    }

    /** Keeps what is written (not sent, not released) until the test lets it go. */
    private static final class Holder extends ChannelOutboundHandlerAdapter {
        final List<Object> held = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add(msg);
            promise.trySuccess();
        }
    }

    @Test
    void eachReceiverGetsItsOwnViewOfTheSameBytesAndTheLastOneToReleaseFreesThem() {
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Holder holder = new Holder();
            holders.add(holder);
            loopback.connect(holder);
        }
        List<Channel> all = loopback.all();
        assertThat(all.stream().map(Channel::eventLoop).distinct()).hasSize(2);
        ByteBuf shared = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(8).writeInt(7).writeInt(8);
        WriteBatch batch = new WriteBatch();
        batch.writeToAll(all, new io.netty.buffer.DefaultByteBufHolder(shared));
        batch.submit();
        await().atMost(Duration.ofSeconds(5)).until(() -> holders.stream().allMatch(h -> h.held.size() == 1));

        // Six views, one reference each on the message (the batch's own is gone once both loops wrote).
        await().atMost(Duration.ofSeconds(5)).until(() -> shared.refCnt() == 6);
        List<ByteBuf> views = holders.stream()
                .map(h -> ((io.netty.buffer.ByteBufHolder) h.held.get(0)).content()).toList();
        java.util.Set<ByteBuf> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(views);
        assertThat(distinct).hasSize(6);
        assertThat(views.get(0).readInt()).isEqualTo(7); // reading one view moves no other
        assertThat(views.subList(1, 6)).allSatisfy(v -> assertThat(v.readInt()).isEqualTo(7));
        for (int i = 0; i < 5; i++) {
            ReferenceCountUtil.release(holders.get(i).held.get(0));
        }
        assertThat(shared.refCnt()).isEqualTo(1);
        assertThat(views.get(5).readInt()).isEqualTo(8);
        ReferenceCountUtil.release(holders.get(5).held.get(0));
        assertThat(shared.refCnt()).isZero();
    }

    @Test
    void aMessageForChannelsOnManyLoopsReachesEachInOrder() {
        LoopbackChannels six = new LoopbackChannels(6, new io.netty.channel.ChannelInboundHandlerAdapter());
        try {
            Map<Channel, Recorder> recorded = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 18; i++) {
                Recorder recorder = new Recorder();
                recorded.put(six.connect(recorder), recorder);
            }
            List<Channel> all = six.all();
            assertThat(all.stream().map(Channel::eventLoop).distinct()).hasSize(6); // more loops than the first guess of 4
            WriteBatch batch = new WriteBatch();
            List<ByteBuf> messages = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                ByteBuf message = number(n);
                messages.add(message);
                batch.writeToAll(all, message);
            }
            batch.submit();
            await().atMost(Duration.ofSeconds(5)).until(() -> messages.stream().allMatch(m -> m.refCnt() == 0));
            await().atMost(Duration.ofSeconds(5)).until(() -> recorded.values().stream()
                    .allMatch(r -> r.written.equals(List.of(0, 1, 2))));
        } finally {
            six.close();
        }
    }

    @Test
    void aSharedMessageIsReleasedWhenItsEventLoopIsShutDown() {
        List<Channel> all = connect(2);
        loopback.shutDownLoops();
        ByteBuf shared = number(9);
        WriteBatch batch = new WriteBatch();
        batch.writeToAll(all, new io.netty.buffer.DefaultByteBufHolder(shared));
        batch.submit();
        assertThat(shared.refCnt()).isZero();
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new WriteBatch(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWrites");
    }
}
