package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.transport.Clock;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeartbeatHandlerTest {
    private final LinkStats stats = new LinkStats();

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast("framer", new ChannelInboundHandlerAdapter());
        ch.pipeline().addLast(new HeartbeatHandler(3, stats), ProtocolErrorHandler.INSTANCE);
        return ch;
    }

    /** The last ERROR the channel wrote (reading everything it wrote), or null. */
    private static ErrorFrame lastErrorWritten(EmbeddedChannel ch) {
        ErrorFrame error = null;
        for (Object m; (m = ch.readOutbound()) != null; ) {
            if (m instanceof ErrorFrame e) {
                error = e;
            }
        }
        return error;
    }

    private static void handshake(EmbeddedChannel ch) {
        ch.pipeline().fireUserEventTriggered(new Handshake(Duration.ofSeconds(1)));
        ch.runPendingTasks();
    }

    @Test
    void answersPingWithPongCarryingTheSameTimestamp() {
        EmbeddedChannel ch = channel();
        handshake(ch);
        assertThat((Object) ch.readOutbound()).isInstanceOf(Ping.class);
        ch.writeInbound(new Ping(12345));
        Pong pong = ch.readOutbound();
        assertThat(pong.echoedSendTimeMicros()).isEqualTo(12345);
        assertThat((Object) ch.readInbound()).as("PING is consumed").isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void beforeTheHandshakePingAndPongGoUpToTheSessionLayerUnanswered() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(new Ping(12345), new Pong(1, 2));
        assertThat((Object) ch.readOutbound()).as("no PONG before the handshake").isNull();
        assertThat((Object) ch.readInbound()).isInstanceOf(Ping.class);
        assertThat((Object) ch.readInbound()).isInstanceOf(Pong.class);
        assertThat(stats.rttMicros()).as("a PONG before the handshake measures nothing").isEqualTo(-1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void closesMaxMissedIntervalsAfterTheLastByteNotAtTheTickAfterThat() {
        EmbeddedChannel ch = channel();
        handshake(ch);
        ch.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        ch.writeInbound(new Pong(0, 0)); // the last frame, half-way through an interval
        ch.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks(); // tick at 1 s: the interval had a frame
        for (int i = 0; i < 2; i++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        ch.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("2.999 s after the last frame").isTrue();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("3 intervals (3 s) after the last frame, not 4").isFalse();
        ErrorFrame error = lastErrorWritten(ch);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.HEARTBEAT_TIMEOUT);
        assertThat(error.message()).isEqualTo("Nothing received for 3.0 s (3 heartbeat intervals of 1000 ms): "
                + "the connection is dead.");
        ch.finishAndReleaseAll();
    }

    @Test
    void sendsPingEveryIntervalAfterTheHandshakeOnly() {
        EmbeddedChannel ch = channel();
        ch.advanceTimeBy(5, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).as("no PING before the handshake").isNull();
        handshake(ch);
        assertThat((Object) ch.readOutbound()).isInstanceOf(Ping.class);
        ch.writeInbound(new TextFrame(1, 0, 0, "a", "r", "keeps it alive"));
        ch.readInbound();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).isInstanceOf(Ping.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void silentPeerIsClosedAfterMaxMissedIntervals() {
        EmbeddedChannel ch = channel();
        handshake(ch);
        for (int i = 0; i < 2; i++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).as("two silent intervals are tolerated").isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ErrorFrame error = lastErrorWritten(ch);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.HEARTBEAT_TIMEOUT);
        ch.finishAndReleaseAll();
    }

    @Test
    void anyFrameResetsTheMissedCount() {
        EmbeddedChannel ch = channel();
        handshake(ch);
        for (int i = 0; i < 6; i++) {
            ch.advanceTimeBy(900, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            ch.writeInbound(new Pong(0, 0));
        }
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void oneTimerAndNoExtraHandlerAfterTheHandshake() {
        EmbeddedChannel ch = channel();
        List<String> before = ch.pipeline().names();
        handshake(ch);
        assertThat(ch.pipeline().names()).isEqualTo(before);
        assertThat(ch.pipeline().toMap().values()).noneMatch(h -> h instanceof IdleStateHandler);
        ch.finishAndReleaseAll();
    }

    @Test
    void aReadThatCompletesNoFrameStillCountsAsLife() {
        EmbeddedChannel ch = channel();
        handshake(ch);
        for (int i = 0; i < 6; i++) {
            // Bytes of a large frame arrive, but the frame is not complete yet.
            ch.pipeline().fireChannelReadComplete();
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).isTrue();
        for (int i = 0; i < 3; i++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).as("three silent intervals after the last byte").isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void silentIntervalsPassThroughTheLayersBelowFirst() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new ReadGateHandler(Duration.ofMinutes(1), new GuardTally(), System::nanoTime),
                new HeartbeatHandler(3, stats), ProtocolErrorHandler.INSTANCE);
        handshake(ch);
        // Our output is stuck, so the read gate stops reading: silence is then ours, not the peer's.
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();
        for (int i = 0; i < 5; i++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).as("the read gate swallowed the silent intervals").isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void pongRecordsRoundTripTimeAndClockOffset() {
        EmbeddedChannel ch = channel();
        handshake(ch);
        long now = Clock.nowMicros();
        ch.writeInbound(new Pong(now - 20_000, now + 5_000_000));
        assertThat(stats.rttMicros()).isBetween(20_000L, 2_000_000L);
        assertThat(stats.clockOffsetMicros()).isBetween(4_000_000L, 6_000_000L);
        ch.finishAndReleaseAll();
    }
}
