package dev.duplex.testkit.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bad network link for tests and benchmarks, where the kernel's own link emulation is not
 * available: a TCP proxy on loopback that forwards every connection made to it to a target, each
 * direction through a {@link LinkProfile} (delay, jitter, bandwidth cap with a bounded queue). The
 * profiles can change while connections run; {@link #stall} stops the link for a while (nothing
 * crosses it in either direction; senders are pushed back once the queue is full),
 * {@link #resetConnections} kills every connection with a TCP reset, and {@link #cut} also refuses
 * new ones for a while (a partition).
 * <pre>{@code
 * try (LinkEmulator link = LinkEmulator.builder().target(relay.port())
 *         .up(LinkProfile.of(2000, 50)).down(LinkProfile.of(2000, 50)).start()) {
 *     connect to 127.0.0.1:link.port() instead of the relay ...
 * }
 * }</pre>
 * What it holds is bounded: per connection and direction, the queue's {@code queueBytes} plus one
 * read ({@value #READ_BYTES} bytes), the delay line up to {@value #MAX_IN_FLIGHT_BYTES} bytes, and
 * the proxy's own socket buffers, kept small ({@value #SOCKET_BUFFER_BYTES} bytes each) so that the
 * kernel does not hide a queue of its own in front of the bottleneck.
 */
public final class LinkEmulator implements AutoCloseable {
    /** Bytes the link moves at once: about one TCP segment. */
    public static final int SEGMENT_BYTES = 1448;
    /** Most bytes taken from a socket per read, so a full queue overshoots its bound by little. */
    public static final int READ_BYTES = 16 * 1024;
    /** The delay line's bound (bytes sent, not yet arrived), reached only by an uncapped link. */
    public static final int MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;
    /** SO_RCVBUF and SO_SNDBUF of the proxy's sockets (Linux doubles it for its bookkeeping). */
    public static final int SOCKET_BUFFER_BYTES = 8 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LinkEmulator.class);

    /** Which way bytes cross the link. */
    public enum Direction {
        /** From the side that connects to the emulator towards the target. */
        UP,
        /** From the target back to the side that connected. */
        DOWN
    }

    /** Shared by every connection's directions: the outage, read on their event loops. */
    static final class Controls {
        private volatile long stallEnds;
        private volatile boolean stallSet;
        private volatile long cutEnds;
        private volatile boolean cutSet;

        /** True while connections are refused ({@link #cut}). */
        boolean cutAt(long now) {
            return cutSet && cutEnds - now > 0;
        }

        void cutFor(long nanos) {
            cutEnds = System.nanoTime() + nanos;
            cutSet = true;
        }

        /** Nanoseconds of outage left at {@code now}, or 0. */
        long stallLeftNanos(long now) {
            return stallSet ? Math.max(0, stallEnds - now) : 0;
        }

        void stallFor(long nanos) {
            stallEnds = System.nanoTime() + nanos;
            stallSet = true;
        }
    }

    private final EmulatorLoop loops;
    private final Channel server;
    private final InetSocketAddress target;
    private final Controls controls = new Controls();
    private final LinkCounters upCounters = new LinkCounters();
    private final LinkCounters downCounters = new LinkCounters();
    private final Set<LinkConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final long seed;
    private volatile LinkProfile up;
    private volatile LinkProfile down;

    private LinkEmulator(Builder b) {
        this.target = b.target;
        this.up = b.up;
        this.down = b.down;
        this.seed = b.seed;
        this.loops = new EmulatorLoop("duplex-link-emulator");
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(loops.group())
                    .channel(loops.serverChannelClass())
                    // Set on the listening socket so that accepted ones get it before the handshake.
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accept(ch);
                        }
                    });
            socketOptions(bootstrap.childOption(ChannelOption.AUTO_READ, false));
            this.server = bootstrap.bind("127.0.0.1", 0).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    /** A builder: set the target, optionally a profile per direction, then {@code start()}. */
    public static Builder builder() {
        return new Builder();
    }

    private static void socketOptions(ServerBootstrap b) {
        b.childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(READ_BYTES, 2 * READ_BYTES));
    }

    private void accept(Channel client) {
        if (controls.cutAt(System.nanoTime())) {
            client.config().setOption(ChannelOption.SO_LINGER, 0);
            client.close();
            return;
        }
        int index = accepted.getAndIncrement();
        Bootstrap connect = new Bootstrap().group(client.eventLoop()).channel(loops.socketChannelClass())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(READ_BYTES, 2 * READ_BYTES))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInboundHandlerAdapter());
        connect.connect(target).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.debug("Link emulator could not reach {}: {}", target, f.cause().getMessage());
                client.close();
                return;
            }
            Channel toTarget = f.channel();
            LinkDirection upward = new LinkDirection(client, toTarget, () -> up, controls, upCounters,
                    seed * 31 + 2L * index);
            LinkDirection downward = new LinkDirection(toTarget, client, () -> down, controls, downCounters,
                    seed * 31 + 2L * index + 1);
            LinkConnection connection = new LinkConnection(client, toTarget, upward, downward);
            connections.add(connection);
            client.pipeline().addLast(new Side(upward, downward, connection));
            toTarget.pipeline().addLast(new Side(downward, upward, connection));
            // Forgotten once both sides are closed: until then one of them may still drain (and close() resets it).
            client.closeFuture().addListener(c -> toTarget.closeFuture().addListener(t -> connections.remove(connection)));
            if (!client.isActive()) {
                toTarget.close();
                return;
            }
            client.config().setAutoRead(true);
            toTarget.config().setAutoRead(true);
        });
    }

    /** One proxied connection: its two channels and two directions. */
    private record LinkConnection(Channel client, Channel toTarget, LinkDirection up, LinkDirection down) {
        void reset() {
            client.eventLoop().execute(() -> {
                up.release();
                down.release();
                for (Channel ch : new Channel[] {client, toTarget}) {
                    if (ch.isOpen()) {
                        // A zero linger turns close into a TCP reset.
                        ch.config().setOption(ChannelOption.SO_LINGER, 0);
                        ch.close();
                    }
                }
            });
        }
    }

    /** The handler of one side: what it reads goes into {@code from}; when it can take more, {@code to} moves on. */
    private static final class Side extends ChannelInboundHandlerAdapter {
        private final LinkDirection from;
        private final LinkDirection to;
        private final LinkConnection connection;

        Side(LinkDirection from, LinkDirection to, LinkConnection connection) {
            this.from = from;
            this.to = to;
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            from.offer((ByteBuf) msg);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            to.pump();
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // What this side sent still crosses the link (then the other side is closed); what was
            // on the way to it has nowhere to go.
            from.sourceClosed();
            to.release();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Link emulator connection {} ended: {}", connection.client().remoteAddress(), cause.getMessage());
            ctx.close();
        }
    }

    /** The port to connect to instead of the target's (on 127.0.0.1). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Changes the UP direction's profile for every connection, at once. */
    public void up(LinkProfile value) {
        this.up = Objects.requireNonNull(value, "up");
        pokeAll();
    }

    /** Changes the DOWN direction's profile for every connection, at once. */
    public void down(LinkProfile value) {
        this.down = Objects.requireNonNull(value, "down");
        pokeAll();
    }

    /** Both directions' profiles, at once. */
    public void both(LinkProfile value) {
        this.up = Objects.requireNonNull(value, "both");
        this.down = value;
        pokeAll();
    }

    /** What the link does in {@code direction} now. */
    public LinkProfile profile(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    /**
     * Stops the link for {@code duration} from now: nothing crosses it either way, bytes on the way
     * arrive after it, senders fill the queues and are then pushed back. Returns at once.
     */
    public void stall(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("stall: " + duration + " (expected: >= 0)");
        }
        controls.stallFor(duration.toNanos());
        pokeAll();
    }

    /** Kills every connection open now with a TCP reset, both ways (a NAT or router losing its state). */
    public void resetConnections() {
        for (LinkConnection c : connections) {
            c.reset();
        }
    }

    /**
     * Cuts the link for {@code duration} from now, as a partition does: every connection open now is
     * reset, and every one made before the time is up is reset at once. Returns at once.
     */
    public void cut(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("cut: " + duration + " (expected: >= 0)");
        }
        controls.cutFor(duration.toNanos());
        resetConnections();
    }

    /** Connections open now. */
    public int connections() {
        return connections.size();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** What crossed the link, or was held back, in {@code direction} so far. */
    public LinkCounters counters(Direction direction) {
        return direction == Direction.UP ? upCounters : downCounters;
    }

    private void pokeAll() {
        for (LinkConnection c : connections) {
            c.client().eventLoop().execute(() -> {
                c.up().pump();
                c.down().pump();
            });
        }
    }

    /** Closes the listening socket and every connection; releases what they held. Idempotent. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        resetConnections();
        loops.close();
    }

    /** Where the emulator forwards to and what each direction does at the start. */
    public static final class Builder {
        private InetSocketAddress target;
        private LinkProfile up = LinkProfile.PERFECT;
        private LinkProfile down = LinkProfile.PERFECT;
        private long seed = 1;

        private Builder() {
        }

        /** The target on 127.0.0.1. */
        public Builder target(int port) {
            return target(new InetSocketAddress("127.0.0.1", port));
        }

        /** Where connections go; only loopback addresses, so the emulator never sends elsewhere. */
        public Builder target(InetSocketAddress value) {
            if (value == null || !value.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("target: " + value + " (expected: a loopback address)");
            }
            this.target = value;
            return this;
        }

        /** Client towards target (default {@link LinkProfile#PERFECT}). */
        public Builder up(LinkProfile value) {
            this.up = Objects.requireNonNull(value, "up");
            return this;
        }

        /** Target towards client (default {@link LinkProfile#PERFECT}). */
        public Builder down(LinkProfile value) {
            this.down = Objects.requireNonNull(value, "down");
            return this;
        }

        /** Both directions. */
        public Builder both(LinkProfile value) {
            return up(value).down(value);
        }

        /** Seed of the jitter (default 1), for runs that repeat. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Binds 127.0.0.1 on a free port. */
        public LinkEmulator start() {
            if (target == null) {
                throw new IllegalStateException("target is required: call target(port) first.");
            }
            return new LinkEmulator(this);
        }
    }
}
