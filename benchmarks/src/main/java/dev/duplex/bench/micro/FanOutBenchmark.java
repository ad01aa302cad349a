package dev.duplex.bench.micro;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the relay's fan-out write path for one TEXT message to N receivers, each an
 * {@link EmbeddedChannel} with the full duplex pipeline ({@link DuplexPipeline#configure}): encode
 * once and write a {@code retainedDuplicate()} per receiver (what {@code Room.fanOut} does), against
 * encoding per receiver. One operation is one message to all receivers; the bytes each receiver
 * would send are read back and released.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutBenchmark {
    @Param({"100"})
    public int receivers;

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private TextFrame text;

    @Setup(Level.Trial)
    public void setUp() {
        text = new TextFrame(1_732_000_000_000_000L, 7, 1_732_000_000_000_000L, "alice", "lobby",
                "hello, a small chat message");
        for (int i = 0; i < receivers; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            DuplexPipeline.configure(ch, TransportConfig.DEFAULT, OverflowPolicy.DISCONNECT, new FlowCounters(),
                    new ChannelInboundHandlerAdapter());
            channels.add(ch);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (EmbeddedChannel ch : channels) {
            drain(ch);
            ch.finishAndReleaseAll();
        }
        channels.clear();
    }

    /** Room.fanOut today: encode once, writeAndFlush a retained duplicate per receiver. */
    @Benchmark
    public int encodeOnceWriteAndFlushEach() {
        EncodedFrame frame = EncodedFrame.of(text, PooledByteBufAllocator.DEFAULT);
        for (EmbeddedChannel ch : channels) {
            ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
        }
        frame.release();
        return drainAll();
    }

    /** The same, encoding the frame again for every receiver (what encode-once saves). */
    @Benchmark
    public int encodePerReceiver() {
        for (EmbeddedChannel ch : channels) {
            ch.writeAndFlush(text, ch.voidPromise());
        }
        return drainAll();
    }

    private int drainAll() {
        int bytes = 0;
        for (EmbeddedChannel ch : channels) {
            bytes += drain(ch);
        }
        return bytes;
    }

    private static int drain(EmbeddedChannel ch) {
        // FlushConsolidationHandler defers a flush made outside a read to a task: run it.
        ch.runPendingTasks();
        int bytes = 0;
        Object out;
        while ((out = ch.readOutbound()) != null) {
            if (out instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }
}
