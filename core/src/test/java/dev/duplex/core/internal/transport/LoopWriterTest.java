package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LoopWriter} on one real event loop: a batch larger than a turn is written in turns with the
 * loop's socket IO between them, and every channel still gets its messages in submission order.
 */
@Timeout(60)
class LoopWriterTest {
    /** For each byte the server side read: how many writes the recorder had seen by then. */
    private final List<Integer> writesSeenAtRead = new CopyOnWriteArrayList<>();
    private final LoopbackChannels loopback = new LoopbackChannels(1, new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf bytes = (ByteBuf) msg;
                    for (int i = 0; i < bytes.readableBytes(); i++) {
                        writesSeenAtRead.add(firstRecorder().written.size());
                    }
                    bytes.release();
                }
            });
        }
    });
    private final List<Recorder> recorders = new CopyOnWriteArrayList<>();

    /** Records what is written and flushed on a channel instead of sending it; may act on each write. */
    private static final class Recorder extends ChannelOutboundHandlerAdapter {
        final List<Object> written = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger flushes = new AtomicInteger();
        volatile IntConsumer onWrite = n -> { };

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            int n = msg instanceof ByteBuf buf ? buf.getInt(0) : ((DefaultByteBufHolder) msg).content().getInt(0);
            written.add(n);
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            onWrite.accept(n);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
        }
    }

    private Recorder firstRecorder() {
        return recorders.get(0);
    }

    private Channel connectRecorded() {
        Recorder recorder = new Recorder();
        recorders.add(recorder);
        return loopback.connect(recorder);
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    private static ByteBuf number(int n) {
        return Unpooled.buffer(4).writeInt(n);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void aBatchLargerThanATurnLetsItsLoopReadItsSocketsBetweenTurns() {
        Channel recorded = connectRecorded();
        Channel other = loopback.connect(new ChannelInboundHandlerAdapter());
        assertThat(other.eventLoop()).isSameAs(recorded.eventLoop());
        // During the first turn, bytes arrive for the loop's server side (sent by a channel of the same loop).
        firstRecorder().onWrite = n -> {
            if (n == 0) {
                other.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
            }
        };
        WriteBatch batch = new WriteBatch(1000, 1000, 10);
        for (int n = 0; n < 30; n++) {
            batch.write(recorded, number(n));
        }
        batch.submit();

        await().atMost(Duration.ofSeconds(5)).until(() -> firstRecorder().written.size() == 30 && writesSeenAtRead.size() == 1);
        assertThat(firstRecorder().written).containsExactlyElementsOf(range(0, 30));
        // In one task (before LoopWriter) the read came after all 30 writes.
        assertThat(writesSeenAtRead.get(0)).isBetween(10, 29);
        // One flush at the end of each turn.
        await().atMost(Duration.ofSeconds(5)).until(() -> firstRecorder().flushes.get() == 3);
    }

    @Test
    void laterBatchesWaitBehindTheRestOfAnEarlierOneEvenOnTheirOwnLoop() {
        Channel recorded = connectRecorded();
        WriteBatch first = new WriteBatch(1000, 1000, 10);
        for (int n = 0; n < 30; n++) {
            first.write(recorded, number(n));
        }
        first.submit();
        // Queued behind the first batch's task: when it runs, 20 of the first batch's writes still wait.
        recorded.eventLoop().execute(() -> {
            WriteBatch inline = new WriteBatch();
            for (int n = 30; n < 35; n++) {
                inline.write(recorded, number(n));
            }
            inline.submit(); // on its own loop: would be written at once if nothing waited
        });
        WriteBatch last = new WriteBatch();
        last.write(recorded, number(35));
        last.submit();

        await().atMost(Duration.ofSeconds(5)).until(() -> firstRecorder().written.size() == 36);
        assertThat(firstRecorder().written).containsExactlyElementsOf(range(0, 36));
    }

    @Test
    void aMessageForManyChannelsIsSplitAcrossTurnsAndReleasedOnceAllHaveIt() {
        List<Channel> receivers = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            receivers.add(connectRecorded());
        }
        ByteBuf shared = number(7);
        WriteBatch batch = new WriteBatch(1000, 1000, 10);
        batch.writeToAll(receivers, new DefaultByteBufHolder(shared));
        batch.write(receivers.get(24), number(8));
        batch.submit();

        await().atMost(Duration.ofSeconds(5)).until(() -> shared.refCnt() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> recorders.get(24).written.size() == 2);
        assertThat(recorders).allSatisfy(r -> assertThat(r.written.get(0)).isEqualTo(7));
        assertThat(recorders.get(24).written).containsExactly(7, 8);
        assertThat(recorders).allSatisfy(r -> assertThat(r.flushes.get()).isEqualTo(1));
    }

    @Test
    void whatWaitsIsWrittenOrReleasedWhenTheLoopShutsDownBetweenTurns() {
        shutDownAfterTheFirstWriteOf((batch, channel, msg) -> batch.write(channel, msg));
    }

    @Test
    void whatWaitsOfAFanOutIsWrittenOrReleasedWhenTheLoopShutsDownBetweenTurns() {
        // The rest goes in one turn whose budget has no end.
        shutDownAfterTheFirstWriteOf((batch, channel, msg) -> batch.writeToAll(List.of(channel), msg));
    }

    private interface Adder {
        void add(WriteBatch batch, Channel channel, ByteBuf msg);
    }

    /** Submits 30 messages, 10 a turn; the loop shuts down at the first write: each is then written or released. */
    private void shutDownAfterTheFirstWriteOf(Adder adder) {
        Channel recorded = connectRecorded();
        firstRecorder().onWrite = n -> {
            if (n == 0) {
                recorded.eventLoop().parent().shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            }
        };
        List<ByteBuf> messages = new ArrayList<>();
        WriteBatch batch = new WriteBatch(1000, 1000, 10);
        for (int n = 0; n < 30; n++) {
            ByteBuf msg = number(n);
            messages.add(msg);
            adder.add(batch, recorded, msg);
        }
        batch.submit();

        await().atMost(Duration.ofSeconds(5)).until(() -> recorded.eventLoop().isTerminated());
        assertThat(messages).allSatisfy(msg -> assertThat(msg.refCnt()).isZero());
    }
}
