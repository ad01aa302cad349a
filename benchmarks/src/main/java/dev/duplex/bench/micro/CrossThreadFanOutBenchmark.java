package dev.duplex.bench.micro;

import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * JMH prototype for the relay's fan-out from a thread that is not the receivers' event loop (the
 * duplex relay fans TEXT out from its history writer thread): 100 receiver TCP connections on
 * loopback spread over 4 event loops (native epoll where available), one 60-byte frame each, 64 messages per operation, waiting until all were read.
 * {@code perReceiverTask}: {@code writeAndFlush} per receiver, as {@code Room.fanOut} does (one
 * cross-thread task and wake-up per receiver and message); {@code perEventLoopTask}: one task per
 * event loop that writes the frame to all of that loop's receivers and flushes them;
 * {@code perEventLoopBatch}: one task per event loop for all 64 messages, one flush per receiver;
 * {@code writeBatch}: the same through core's {@code WriteBatch}, which the relay now uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CrossThreadFanOutBenchmark {
    private static final int RECEIVERS = 100;
    private static final int MESSAGES = 64;

    private static final int FRAME_BYTES = 60;

    private EventLoops relayLoops;
    private EventLoops clientLoops;
    private Channel server;
    private final List<Channel> clients = new ArrayList<>();
    private final CopyOnWriteArrayList<Channel> receivers = new CopyOnWriteArrayList<>();
    private final Map<EventLoop, List<Channel>> byLoop = new LinkedHashMap<>();
    private final LongAdder read = new LongAdder();
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        relayLoops = EventLoops.create(4, "fanout-relay");
        clientLoops = EventLoops.create(1, "fanout-clients");
        server = new ServerBootstrap().group(relayLoops.group()).channel(relayLoops.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        receivers.add(ch);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        ChannelInboundHandlerAdapter counter = new CountingHandler(read);
        for (int i = 0; i < RECEIVERS; i++) {
            clients.add(new Bootstrap().group(clientLoops.group()).channel(clientLoops.socketChannelClass())
                    .handler(counter).connect("127.0.0.1", port).sync().channel());
        }
        while (receivers.size() < RECEIVERS) {
            Thread.sleep(1);
        }
        for (Channel ch : receivers) {
            byLoop.computeIfAbsent(ch.eventLoop(), k -> new ArrayList<>()).add(ch);
        }
        frame = PooledByteBufAllocator.DEFAULT.directBuffer(FRAME_BYTES).writeZero(FRAME_BYTES);
    }

    /** Counts the bytes every client receives. Stateless apart from the shared counter. */
    @ChannelHandler.Sharable
    private static final class CountingHandler extends ChannelInboundHandlerAdapter {
        private final LongAdder read;

        CountingHandler(LongAdder read) {
            this.read = read;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            read.add(bytes.readableBytes());
            bytes.release();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        clients.forEach(Channel::close);
        server.close();
        relayLoops.close();
        clientLoops.close();
    }

    @Benchmark
    public long perReceiverTask() {
        long target = read.sum() + (long) MESSAGES * RECEIVERS * FRAME_BYTES;
        for (int m = 0; m < MESSAGES; m++) {
            for (Channel ch : receivers) {
                ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
            }
        }
        return await(target);
    }

    @Benchmark
    public long perEventLoopTask() {
        long target = read.sum() + (long) MESSAGES * RECEIVERS * FRAME_BYTES;
        for (int m = 0; m < MESSAGES; m++) {
            for (Map.Entry<EventLoop, List<Channel>> e : byLoop.entrySet()) {
                ByteBuf shared = frame.retainedDuplicate();
                List<Channel> group = e.getValue();
                e.getKey().execute(() -> {
                    for (Channel ch : group) {
                        ch.write(shared.retainedDuplicate(), ch.voidPromise());
                    }
                    for (Channel ch : group) {
                        ch.flush();
                    }
                    shared.release();
                });
            }
        }
        return await(target);
    }

    /** One task per event loop for the whole batch of messages, one flush per receiver per batch. */
    @Benchmark
    public long perEventLoopBatch() {
        long target = read.sum() + (long) MESSAGES * RECEIVERS * FRAME_BYTES;
        for (Map.Entry<EventLoop, List<Channel>> e : byLoop.entrySet()) {
            ByteBuf shared = frame.retainedDuplicate();
            List<Channel> group = e.getValue();
            e.getKey().execute(() -> {
                for (int m = 0; m < MESSAGES; m++) {
                    for (Channel ch : group) {
                        ch.write(shared.retainedDuplicate(), ch.voidPromise());
                    }
                }
                for (Channel ch : group) {
                    ch.flush();
                }
                shared.release();
            });
        }
        return await(target);
    }

    /**
     * What the relay does now: core's {@link dev.duplex.core.internal.transport.WriteBatch}, filled with the
     * 64 messages for all receivers ({@code writeToAll}) and submitted once.
     */
    @Benchmark
    public long writeBatch() {
        long target = read.sum() + (long) MESSAGES * RECEIVERS * FRAME_BYTES;
        WriteBatch batch = new WriteBatch();
        for (int m = 0; m < MESSAGES; m++) {
            batch.writeToAll(receivers, frame.retainedDuplicate());
        }
        batch.submit();
        return await(target);
    }

    private long await(long target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long now;
        while ((now = read.sum()) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fan-out did not arrive: " + now + " of " + target);
            }
            Thread.onSpinWait();
        }
        return now;
    }
}
