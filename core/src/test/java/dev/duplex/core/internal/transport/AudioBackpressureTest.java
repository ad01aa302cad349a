package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How {@link BackpressureHandler} treats AUDIO: its own small queue, first out, bounded by age and count. */
class AudioBackpressureTest {
    private final FlowCounters counters = new FlowCounters();
    private long nanos = 1_000_000_000L;

    private EmbeddedChannel channel(TransportConfig config) {
        return new EmbeddedChannel(new BackpressureHandler(config, OverflowPolicy.DISCONNECT, counters, () -> nanos),
                ProtocolErrorHandler.INSTANCE);
    }

    private void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static void setWritable(EmbeddedChannel ch, boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    private static AudioFrame audio(long seq) {
        return new AudioFrame(seq, 0, "bob", Unpooled.wrappedBuffer(new byte[] {0x78, 1, 2}));
    }

    private static VideoFrame video(long seq) {
        return new VideoFrame(seq, 0, 2, 2, "bob", Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    }

    /** What was written, as "A1", "V2", "T3" (and released). */
    private static List<String> written(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object m; (m = ch.readOutbound()) != null; ) {
            out.add(switch (((Frame) m).type()) {
                case AUDIO -> "A" + ((AudioFrame) m).sequence();
                case VIDEO -> "V" + ((VideoFrame) m).sequence();
                case TEXT -> "T" + ((TextFrame) m).messageId();
                default -> m.toString();
            });
            ReferenceCountUtil.release(m);
        }
        return out;
    }

    @Test
    void audioPassesStraightThroughWhenWritable() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT);
        ch.writeAndFlush(audio(1));
        assertThat(written(ch)).containsExactly("A1");
        assertThat(counters.audioDropped()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void audioOvertakesWaitingVideoAndText() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT);
        setWritable(ch, false);
        ch.writeAndFlush(video(1));
        ch.writeAndFlush(new TextFrame(9, 0, 0, "bob", "r", "hi"));
        ch.writeAndFlush(audio(1));
        ch.writeAndFlush(audio(2));
        assertThat(written(ch)).isEmpty();

        setWritable(ch, true);
        assertThat(written(ch)).containsExactly("A1", "A2", "T9", "V1");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void videoAndTextDoNotSlipPastWaitingAudioWhenTheChannelIsWritableAgain() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT);
        setWritable(ch, false);
        ch.writeAndFlush(audio(1));
        // Writable again, but no writability event has drained the audio yet.
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.writeAndFlush(video(5));
        ch.writeAndFlush(new TextFrame(9, 0, 0, "bob", "r", "hi"));
        ch.runPendingTasks();
        assertThat(written(ch)).containsExactly("A1", "V5", "T9");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void dropsAudioThatWaitedLongerThanTheDelayBound() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT.toBuilder().maxAudioDelay(Duration.ofMillis(200)).build());
        setWritable(ch, false);
        ChannelFuture first = ch.writeAndFlush(audio(1));
        advanceMillis(100);
        ch.writeAndFlush(audio(2));
        advanceMillis(150); // the first has waited 250 ms: dropped when the next one comes
        ch.writeAndFlush(audio(3));
        assertThat(first.cause()).isSameAs(BackpressureHandler.AUDIO_STALE);
        assertThat(counters.audioDropped()).isEqualTo(1);

        advanceMillis(70); // the second has waited 220 ms: dropped when the channel drains
        setWritable(ch, true);
        assertThat(written(ch)).containsExactly("A3");
        assertThat(counters.audioDropped()).isEqualTo(2);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void dropsTheOldestAudioBeyondTheCountBound() {
        EmbeddedChannel ch = channel(TransportConfig.DEFAULT.toBuilder().maxQueuedAudio(3).build());
        setWritable(ch, false);
        for (int seq = 1; seq <= 5; seq++) {
            ch.writeAndFlush(audio(seq));
        }
        assertThat(counters.audioDropped()).isEqualTo(2);
        setWritable(ch, true);
        assertThat(written(ch)).containsExactly("A3", "A4", "A5");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void releasesWaitingAudioWhenTheConnectionCloses() {
        BackpressureHandler handler = new BackpressureHandler(TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT,
                counters, () -> nanos);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        setWritable(ch, false);
        AudioFrame waiting = audio(1);
        ChannelFuture write = ch.writeAndFlush(waiting);
        assertThat(handler.queuedAudioFrames()).isEqualTo(1);
        assertThat(handler.holdsWaitingRoom()).isTrue();
        ch.close();
        assertThat(waiting.refCnt()).isZero();
        assertThat(write.isSuccess()).isFalse();
        assertThat(handler.holdsWaitingRoom()).isFalse();
        assertThat(ch.finish()).isFalse();
    }
}
