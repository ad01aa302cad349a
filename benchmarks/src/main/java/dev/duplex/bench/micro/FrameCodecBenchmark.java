package dev.duplex.bench.micro;

import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: {@link FrameCodec} encode and decode of a small TEXT frame and of a VIDEO frame carrying a
 * 40 KB JPEG (the size of a 640x480 q90 synthetic frame), with the pooled allocator the
 * connections use. Run with the GC profiler for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private TextFrame text;
    private VideoFrame video;
    private ByteBuf textBytes;
    private ByteBuf videoBytes;

    @Setup(Level.Trial)
    public void setUp() {
        text = new TextFrame(1_732_000_000_000_000L, 7, 1_732_000_000_000_000L, "alice", "lobby",
                "hello, a small chat message");
        byte[] jpeg = new byte[40_000];
        ThreadLocalRandom.current().nextBytes(jpeg);
        video = new VideoFrame(42, 1_732_000_000_000_000L, 640, 480, "alice", Unpooled.directBuffer(jpeg.length)
                .writeBytes(jpeg));
        textBytes = FrameCodec.encode(text, alloc);
        ByteBuf encoded = FrameCodec.encode(video, alloc);
        videoBytes = Unpooled.directBuffer(encoded.readableBytes()).writeBytes(encoded);
        encoded.release();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        textBytes.release();
        videoBytes.release();
        video.release();
    }

    @Benchmark
    public int encodeText() {
        ByteBuf out = FrameCodec.encode(text, alloc);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public Frame decodeText() {
        return FrameCodec.decode(textBytes.duplicate());
    }

    @Benchmark
    public int encodeVideo() {
        ByteBuf out = FrameCodec.encode(video, alloc);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public long decodeVideo() {
        VideoFrame frame = (VideoFrame) FrameCodec.decode(videoBytes.duplicate());
        long sequence = frame.sequence() + frame.content().readableBytes();
        frame.release();
        return sequence;
    }
}
