package dev.duplex.bench.conn;

import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Many idle connections to one relay, opened from several loopback source addresses (127.0.0.2,
 * .3, ...) so that no single address runs out of ephemeral ports, with a bounded number of
 * connection attempts in flight.
 */
final class IdleClients implements AutoCloseable {
    private static final int SOURCE_ADDRESSES = 8;
    private static final int MAX_PENDING = 256;
    private static final int MEMBERS_PER_ROOM = 200;

    private final EventLoops loops = EventLoops.create(2, "idle-clients");
    private final List<Channel> channels = new ArrayList<>();
    private final int port;
    private final boolean handshake;

    IdleClients(int port, boolean handshake) {
        this.port = port;
        this.handshake = handshake;
    }

    int size() {
        return channels.size();
    }

    /**
     * Opens connections until {@code total} are joined, within {@code timeoutSeconds}.
     *
     * @throws IllegalStateException with a sentence if they could not all be opened in time
     */
    void growTo(int total, int timeoutSeconds) throws InterruptedException {
        Semaphore pending = new Semaphore(MAX_PENDING);
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = channels.size(); i < total; i++) {
            if (!pending.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("Only " + channels.size() + " of " + total
                        + " connections were opened within " + timeoutSeconds + " s.");
            }
            IdleClient client = new IdleClient("c" + i, "room-" + (i / MEMBERS_PER_ROOM), handshake);
            Bootstrap b = new Bootstrap().group(loops.group()).channel(loops.socketChannelClass())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 16, Wire.LENGTH_FIELD_OFFSET, 4));
                            ch.pipeline().addLast(client);
                        }
                    });
            InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0);
            ChannelFuture f = b.connect(new InetSocketAddress("127.0.0.1", port), source);
            channels.add(f.channel());
            client.joined().whenComplete((v, t) -> pending.release());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    client.joined().completeExceptionally(done.cause());
                }
            });
            joins.add(client.joined());
        }
        try {
            CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            long failed = joins.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            throw new IllegalStateException(failed + " of " + joins.size() + " new connections failed or did not join "
                    + "within " + timeoutSeconds + " s: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close();
        }
        loops.close();
    }
}
