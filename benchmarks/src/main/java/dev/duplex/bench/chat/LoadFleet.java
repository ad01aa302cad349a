package dev.duplex.bench.chat;

import dev.duplex.bench.GcActivity;
import dev.duplex.bench.HostLoad;
import dev.duplex.bench.JitActivity;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The receivers and senders of one fan-out run, connected to one relay; runs phases of load and
 * returns what each delivered. Bounded: every phase ends after its seconds, and the drain after it
 * waits at most ten seconds.
 */
final class LoadFleet implements AutoCloseable {
    private final FanoutLoad load;
    private final List<Channel> channels = new ArrayList<>();
    private long errorsBefore;
    private long closedBefore;

    /** What one phase delivered. */
    record Phase(double sentPerSecond, double deliveredPerSecond, Histogram latencyMicros,
                 Histogram sinceRelayReadMicros, long lost, long errors, long disconnected, long gcCount, long gcMillis,
                 long jitMillis, double warmupSeconds, double otherCores, double stolenCores) {
        String describe() {
            return String.format(Locale.ROOT, "sent %.0f msg/s, delivered %.0f msg/s, latency p50 %.2f ms, "
                            + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (since the relay read it: p50 %.2f, p99 %.2f ms), "
                            + "lost %d, errors %d, disconnected %d, %d GCs taking %d ms, JIT compiling %d ms "
                            + "of CPU (after %.1f s of warm-up); other processes %.2f cores, taken by the VM's host %.2f cores",
                    sentPerSecond, deliveredPerSecond, ms(50), ms(99), ms(99.9),
                    latencyMicros.getMaxValue() / 1000.0, sinceRelayReadMs(50), sinceRelayReadMs(99), lost, errors,
                    disconnected, gcCount, gcMillis, jitMillis, warmupSeconds, otherCores, stolenCores);
        }

        double ms(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        /**
         * From the TEXT's timestamp to its arrival: for the duplex relay, from when the relay read it
         * (it stamps its own clock); for the bare relay, which forwards the bytes as they came, from the
         * sender's clock, so the same as {@link #ms}.
         */
        double sinceRelayReadMs(double percentile) {
            return sinceRelayReadMicros.getTotalCount() == 0 ? 0
                    : sinceRelayReadMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private LoadFleet(FanoutLoad load) {
        this.load = load;
    }

    /**
     * Connects {@code receivers} then {@code senders} to the relay at 127.0.0.1:port and waits until
     * all have joined.
     *
     * @param handshake true for the duplex relay (HELLO, room), false for the bare relay
     */
    static LoadFleet connect(EventLoops loops, int port, boolean handshake, int receivers, int senders, long window,
                             int bodyBytes) {
        return connect(loops, List.of(port), handshake, receivers, senders, window, bodyBytes);
    }

    /**
     * Like {@link #connect(EventLoops, int, boolean, int, int, long, int)}, spread over several relays
     * (the nodes of a cluster): receivers and senders each go to the ports in turn.
     */
    static LoadFleet connect(EventLoops loops, List<Integer> ports, boolean handshake, int receivers, int senders,
                             long window, int bodyBytes) {
        String where = ports.toString();
        FanoutLoad load = new FanoutLoad(receivers, senders, window);
        LoadFleet fleet = new LoadFleet(load);
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        try {
            for (int i = 0; i < receivers + senders; i++) {
                boolean receiver = i < receivers;
                LoadConnection c = new LoadConnection(load, receiver ? LoadConnection.Role.RECEIVER
                        : LoadConnection.Role.SENDER, (receiver ? "r" : "s") + i, "bench", handshake, bodyBytes);
                if (receiver) {
                    load.addReceiver(c);
                }
                Bootstrap b = new Bootstrap().group(loops.group()).channel(loops.socketChannelClass())
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20,
                                        Wire.LENGTH_FIELD_OFFSET, 4));
                                ch.pipeline().addLast(c);
                            }
                        });
                int port = ports.get((receiver ? i : i - receivers) % ports.size());
                Channel ch = b.connect("127.0.0.1", port).syncUninterruptibly().channel();
                fleet.channels.add(ch);
                joins.add(c.joined());
            }
            CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            fleet.close();
            throw new IllegalStateException("The load connections could not all join the relay on port(s) " + where
                    + ": " + e.getMessage(), e);
        }
        return fleet;
    }

    /** {@link #warmUp} then {@link #measure}. */
    Phase run(double totalRate, double warmupSeconds, double maxJitWaitSeconds, double seconds)
            throws InterruptedException {
        return measure(seconds, warmUp(totalRate, warmupSeconds, maxJitWaitSeconds));
    }

    /**
     * Starts sending at {@code totalRate} messages/s (0: as fast as the window allows) and warms up:
     * {@code warmupSeconds}, then up to {@code maxJitWaitSeconds} more while the JIT compiler threads
     * are still busy ({@link JitActivity#waitUntilQuiet(double)}).
     * Follow with {@link #measure}.
     *
     * @return the seconds the warm-up took
     */
    double warmUp(double totalRate, double warmupSeconds, double maxJitWaitSeconds) throws InterruptedException {
        errorsBefore = load.errors.sum();
        closedBefore = load.closed.sum();
        load.startSending(totalRate);
        sleep(warmupSeconds);
        return warmupSeconds + JitActivity.waitUntilQuiet(maxJitWaitSeconds);
    }

    /**
     * Measures the load {@link #warmUp} started for {@code seconds}, then stops it and waits for every
     * sent message to arrive.
     *
     * @param warmedSeconds what the warm-up took, reported with the phase
     */
    Phase measure(double seconds, double warmedSeconds) throws InterruptedException {
        load.takeLatency();
        load.takeSinceRelayRead();
        long d0 = load.delivered.sum();
        long s0 = load.sent.get();
        long t0 = System.nanoTime();
        GcActivity gc = new GcActivity();
        JitActivity jit = new JitActivity();
        HostLoad host = new HostLoad();
        sleep(seconds);
        double otherCores = host.otherCores();
        double stolenCores = host.stolenCores();
        long d1 = load.delivered.sum();
        long s1 = load.sent.get();
        long t1 = System.nanoTime();
        Histogram latency = load.takeLatency();
        Histogram sinceRelayRead = load.takeSinceRelayRead();
        long gcCount = gc.count();
        long gcMillis = gc.millis();
        long jitMillis = jit.millis();
        load.stopSending();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (load.missing() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double elapsed = (t1 - t0) / 1e9;
        return new Phase((s1 - s0) / elapsed, (d1 - d0) / elapsed, latency, sinceRelayRead, load.missing(),
                load.errors.sum() - errorsBefore, load.closed.sum() - closedBefore, gcCount, gcMillis, jitMillis,
                warmedSeconds, otherCores, stolenCores);
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    @Override
    public void close() {
        load.stopSending();
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }
}
