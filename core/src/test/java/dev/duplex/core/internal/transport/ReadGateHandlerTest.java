package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Reading pauses while the output is stuck, and our own pause is not taken for a dead peer. */
class ReadGateHandlerTest {
    private final AtomicLong nanos = new AtomicLong();
    private final GuardTally counters = new GuardTally();
    private final List<Object> eventsAfterGate = new ArrayList<>();

    private EmbeddedChannel channel(Duration maxPause) {
        EmbeddedChannel ch = new EmbeddedChannel(new ReadGateHandler(maxPause, counters, nanos::get),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        eventsAfterGate.add(evt);
                    }
                });
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        return ch;
    }

    /** Queues unflushed output over the high water mark: the channel turns unwritable. */
    private static void stall(EmbeddedChannel ch) {
        ch.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(ch.isWritable()).isFalse();
    }

    private static void drain(EmbeddedChannel ch) {
        ch.flush();
        assertThat(ch.isWritable()).isTrue();
        for (Object out; (out = ch.readOutbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(out);
        }
    }

    @Test
    void readingStopsWhileTheOutputIsStuckAndResumesAfter() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(30));
        assertThat(ch.config().isAutoRead()).isTrue();
        stall(ch);
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(counters.snapshot().readPauses()).isEqualTo(1);
        drain(ch);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void readerIdleWhilePausedIsNotPassedToTheHeartbeat() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(30));
        stall(ch);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(eventsAfterGate).isEmpty();
        drain(ch);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(eventsAfterGate).as("not paused: idleness counts again").hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aPauseLongerThanTheLimitDisconnectsAsSlowConsumer() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(30));
        stall(ch);
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        ch.checkException();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThatThrownBy(ch::checkException).isInstanceOf(SlowConsumerException.class)
                .hasMessage("The peer has not taken what was sent to it for 31 s: disconnecting.");
        assertThat(eventsAfterGate).isEmpty();
        ch.finishAndReleaseAll();
    }
}
