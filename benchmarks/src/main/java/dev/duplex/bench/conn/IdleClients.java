package dev.duplex.bench.conn;

import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Many idle connections to one relay, opened from several loopback source addresses (127.0.0.2,
 * .3, ...) so that no single address runs out of ephemeral ports, with a bounded number of
 * connection attempts in flight; over TLS (pinning the relay's identity, as a duplex client does)
 * when given the client's TLS layers.
 */
final class IdleClients implements AutoCloseable {
    private static final int SOURCE_ADDRESSES = 8;
    private static final int MAX_PENDING = 256;

    private final EventLoops loops = EventLoops.create(2, "idle-clients");
    private final List<Channel> channels = new ArrayList<>();
    /** Connect to joined (the room's snapshot arrived; bare: connected), per client, in microseconds. */
    private final Histogram joinMicros = new Histogram(60_000_000L, 3);
    private final LongAdder presenceFrames = new LongAdder();
    /** The TLS protocol and cipher suite of each secured connection ("TLSv1.3 TLS_AES_128_GCM_SHA256"). */
    private final Set<String> tlsSessions = ConcurrentHashMap.newKeySet();
    private final int port;
    private final boolean handshake;
    private final int membersPerRoom;
    private final String roomPrefix;
    private final Supplier<ChannelHandler> tls;

    /**
     * @param handshake      join a room with HELLO (duplex) or only connect (bare)
     * @param membersPerRoom how many consecutive clients share a room
     * @param roomPrefix     the rooms' names: this followed by 0, 1, ...
     */
    IdleClients(int port, boolean handshake, int membersPerRoom, String roomPrefix) {
        this(port, handshake, membersPerRoom, roomPrefix, null);
    }

    /**
     * @param tls the TLS layer of each connection ({@code TlsLayers.client}), or null for plaintext; with
     *            TLS a client counts as connected once its handshake is done and the identity checked
     */
    IdleClients(int port, boolean handshake, int membersPerRoom, String roomPrefix, Supplier<ChannelHandler> tls) {
        this.port = port;
        this.handshake = handshake;
        this.membersPerRoom = membersPerRoom;
        this.roomPrefix = roomPrefix;
        this.tls = tls;
    }

    /** The distinct TLS protocols and cipher suites the connections negotiated (empty in plaintext). */
    Set<String> tlsSessions() {
        return Set.copyOf(tlsSessions);
    }

    /** PRESENCE frames the clients received so far (SNAPSHOTs, JOINED and LEFT). */
    long presenceFrames() {
        return presenceFrames.sum();
    }

    /** The time from connect to joined of every client so far (read after {@link #growTo}). */
    Histogram joinMicros() {
        synchronized (joinMicros) {
            return joinMicros.copy();
        }
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
            IdleClient client = new IdleClient("c" + i, roomPrefix + (i / membersPerRoom), handshake,
                    presenceFrames, tlsSessions);
            Bootstrap b = new Bootstrap().group(loops.group()).channel(loops.socketChannelClass())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.get());
                            }
                            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 16, Wire.LENGTH_FIELD_OFFSET, 4));
                            ch.pipeline().addLast(client);
                        }
                    });
            InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0);
            long started = System.nanoTime();
            ChannelFuture f = b.connect(new InetSocketAddress("127.0.0.1", port), source);
            channels.add(f.channel());
            client.joined().whenComplete((v, t) -> {
                if (t == null) {
                    long micros = (System.nanoTime() - started) / 1000;
                    synchronized (joinMicros) {
                        joinMicros.recordValue(Math.min(micros, joinMicros.getHighestTrackableValue()));
                    }
                }
                pending.release();
            });
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
