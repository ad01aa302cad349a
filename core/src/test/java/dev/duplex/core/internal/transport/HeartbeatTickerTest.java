package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.Ping;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One timer per event loop and interval, shared by its connections' heartbeats. */
class HeartbeatTickerTest {

    @Test
    void connectionsOfOneLoopShareOneTickerWhichEndsWithTheLast() {
        EmbeddedChannel ch = new EmbeddedChannel();
        EventExecutor loop = ch.eventLoop();
        HeartbeatHandler a = new HeartbeatHandler(3, new LinkStats());
        HeartbeatHandler b = new HeartbeatHandler(3, new LinkStats());
        HeartbeatHandler c = new HeartbeatHandler(3, new LinkStats());
        assertThat(HeartbeatTicker.join(loop, 1000, a)).as("first member: a new ticker").isTrue();
        assertThat(HeartbeatTicker.join(loop, 1000, b)).as("joins the running ticker").isFalse();
        assertThat(HeartbeatTicker.join(loop, 1000, c)).isFalse();
        HeartbeatTicker ticker = HeartbeatTicker.find(loop, 1000);
        assertThat(ticker.size()).isEqualTo(3);
        assertThat(HeartbeatTicker.find(loop, 2000)).as("another interval, another ticker").isNull();

        // a leaves: c moves into its slot and must still be able to leave.
        a.handlerRemoved(null);
        assertThat(ticker.size()).isEqualTo(2);
        a.handlerRemoved(null);
        assertThat(ticker.size()).as("leaving twice is harmless").isEqualTo(2);
        c.handlerRemoved(null);
        assertThat(ticker.size()).isEqualTo(1);
        b.handlerRemoved(null);
        assertThat(HeartbeatTicker.find(loop, 1000)).as("dropped with its last member").isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void closingTheConnectionLeavesTheTicker() {
        EmbeddedChannel ch = new EmbeddedChannel(new HeartbeatHandler(3, new LinkStats()),
                ProtocolErrorHandler.INSTANCE);
        ch.freezeTime();
        ch.pipeline().fireUserEventTriggered(new Handshake(Duration.ofMillis(700)));
        assertThat((Object) ch.readOutbound()).isInstanceOf(Ping.class);
        assertThat(HeartbeatTicker.find(ch.eventLoop(), 700).size()).isEqualTo(1);
        ch.advanceTimeBy(700, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).as("ticked").isInstanceOf(Ping.class);
        ch.close();
        ch.runPendingTasks();
        assertThat(HeartbeatTicker.find(ch.eventLoop(), 700)).isNull();
        ch.finishAndReleaseAll();
    }
}
