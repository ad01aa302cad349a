package dev.duplex.bench.chat;

import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.EventLoops;
import io.netty.channel.EventLoopGroup;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The limit to compare the duplex relay with: the least a Netty relay can do. It cuts the stream
 * into length-prefixed frames (the duplex header's u32 at offset 2, not otherwise parsed) and
 * writes each frame, shared, to every other connection; it flushes each receiver once per read
 * batch of the sender. No rooms, no handshake, no history, no acknowledgements, no backpressure
 * policy, no heartbeat.
 */
public final class BareRelay implements AutoCloseable {
    private final EventLoops loops;
    private final CopyOnWriteArrayList<Channel> members = new CopyOnWriteArrayList<>();
    private Channel server;

    private BareRelay(int threads) {
        this.loops = EventLoops.create(threads, "bare-relay");
    }

    /** Starts a bare relay on {@code host:port} (0: any free port) with its own event loops (0: 2 x cores). */
    /** The relay's event loops (for probes). */
    public EventLoopGroup group() {
        return loops.group();
    }

    public static BareRelay start(String host, int port, int threads) {
        BareRelay relay = new BareRelay(threads);
        Forwarder forwarder = new Forwarder(relay.members);
        ServerBootstrap b = new ServerBootstrap().group(relay.loops.group()).channel(relay.loops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Framer with an explicit limit, then the forwarder.
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, Wire.LENGTH_FIELD_OFFSET, 4));
                        ch.pipeline().addLast(forwarder);
                    }
                });
        try {
            relay.server = b.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            relay.loops.close();
            throw e;
        }
        return relay;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connections held now. */
    public int connections() {
        return members.size();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (Channel ch : members) {
            ch.close();
        }
        loops.close();
    }

    /** Forwards every frame to every other member. Stateless apart from the shared member list. */
    @ChannelHandler.Sharable
    private static final class Forwarder extends ChannelInboundHandlerAdapter {
        private final CopyOnWriteArrayList<Channel> members;

        Forwarder(CopyOnWriteArrayList<Channel> members) {
            this.members = members;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            members.add(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            members.remove(ctx.channel());
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                for (Channel ch : members) {
                    if (ch != ctx.channel()) {
                        ch.write(frame.retainedDuplicate(), ch.voidPromise());
                    }
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            for (Channel ch : members) {
                if (ch != ctx.channel()) {
                    ch.flush();
                }
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
