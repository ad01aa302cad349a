package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per connection, on whole frames, with a clock the test moves. */
class RateLimitHandlerTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final GuardTally counters = new GuardTally();

    private EmbeddedChannel channel(AbuseLimits limits) {
        return new EmbeddedChannel(new RateLimitHandler(limits, FrameLimits.DEFAULT, counters, nanos::get));
    }

    private static ByteBuf frame(FrameType type, int payload) {
        ByteBuf b = Unpooled.buffer(Wire.HEADER_LENGTH + payload);
        b.writeByte(Wire.MAGIC).writeByte(type.code()).writeInt(payload).writeZero(payload);
        return b;
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static void passes(EmbeddedChannel ch, ByteBuf frame) {
        assertThat(ch.writeInbound(frame)).isTrue();
        ByteBuf out = ch.readInbound();
        out.release();
    }

    @Test
    void textFramesOverTheRateAfterTheBurstAreRateLimited() {
        AbuseLimits limits = AbuseLimits.builder().textFramesPerSecond(10).burst(Duration.ofSeconds(1)).build();
        EmbeddedChannel ch = channel(limits);
        for (int i = 0; i < 10; i++) {
            passes(ch, frame(FrameType.TEXT, 30));
        }
        ByteBuf over = frame(FrameType.TEXT, 30);
        assertThatThrownBy(() -> ch.writeInbound(over)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("more than 10 messages per second")
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(over.refCnt()).as("the frame over the limit is released").isZero();
        ByteBuf later = frame(FrameType.TEXT, 30);
        advance(Duration.ofSeconds(5));
        assertThat(ch.writeInbound(later)).as("after tripping everything is dropped").isFalse();
        assertThat(later.refCnt()).isZero();
        assertThat(counters.snapshot().rateLimited()).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void theBucketRefillsAtTheRate() {
        EmbeddedChannel ch = channel(AbuseLimits.builder().textFramesPerSecond(10).burst(Duration.ofSeconds(1)).build());
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < 10; i++) {
                passes(ch, frame(FrameType.PING, 8));
            }
            advance(Duration.ofSeconds(1));
        }
        assertThat(counters.snapshot().rateLimited()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void videoAndTextHaveSeparateBudgets() {
        AbuseLimits limits = AbuseLimits.builder().textFramesPerSecond(2).videoFramesPerSecond(100)
                .burst(Duration.ofSeconds(1)).build();
        EmbeddedChannel ch = channel(limits);
        for (int i = 0; i < 100; i++) {
            passes(ch, frame(FrameType.VIDEO, 100));
        }
        passes(ch, frame(FrameType.TEXT, 30));
        passes(ch, frame(FrameType.TEXT, 30));
        assertThatThrownBy(() -> ch.writeInbound(frame(FrameType.VIDEO, 100)))
                .hasMessageContaining("100 video and audio frames per second");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void bytesPerSecondAreLimitedTooButOneLargestFrameAlwaysFits() {
        AbuseLimits limits = AbuseLimits.builder().videoBytesPerSecond(1000).burst(Duration.ofSeconds(1)).build();
        EmbeddedChannel ch = new EmbeddedChannel(new RateLimitHandler(limits,
                FrameLimits.DEFAULT.withMaxVideoPayload(2000), counters, nanos::get));
        passes(ch, frame(FrameType.VIDEO, 2000));
        assertThatThrownBy(() -> ch.writeInbound(frame(FrameType.VIDEO, 100)))
                .hasMessageContaining("1000 bytes of video and audio per second");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void framesSplitAcrossReadsAreCountedOnceEach() {
        EmbeddedChannel ch = channel(AbuseLimits.builder().textFramesPerSecond(3).burst(Duration.ofSeconds(1)).build());
        ByteBuf three = Unpooled.wrappedBuffer(frame(FrameType.TEXT, 30), frame(FrameType.PING, 8),
                frame(FrameType.TEXT, 40));
        while (three.isReadable()) {
            passes(ch, three.readRetainedSlice(Math.min(5, three.readableBytes())));
        }
        three.release();
        assertThatThrownBy(() -> ch.writeInbound(frame(FrameType.TEXT, 30))).hasMessageContaining("3 messages");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(RateLimitHandler.create(AbuseLimits.NONE, TransportConfig.DEFAULT.frameLimits(), counters)).isNull();
        assertThatThrownBy(() -> AbuseLimits.builder().textFramesPerSecond(-1))
                .hasMessage("textFramesPerSecond: -1 (expected: >= 0, 0 for no limit)");
    }
}
