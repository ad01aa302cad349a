package dev.duplex.examples.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole per-client logic of {@link NettyTcpServer}: the lecture's {@code thread_Rx} becomes
 * {@link #channelRead0}, called by the event loop whenever bytes arrive, and the client joins the
 * group that console lines are broadcast to.
 *
 * <p>Not {@code @Sharable}: it keeps the UTF-8 decoder state of its own connection, so each
 * channel gets a new instance.
 */
final class NettyTcpServerHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(NettyTcpServerHandler.class);

    private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();
    private final LockedConsole console;
    private final ChannelGroup clients;
    private final AtomicInteger accepted;
    private final int maxClients;

    /**
     * @param accepted   shared by all connections of one server: how many have connected
     * @param maxClients after this many connections the server channel is closed (0 = no limit)
     */
    NettyTcpServerHandler(LockedConsole console, ChannelGroup clients, AtomicInteger accepted, int maxClients) {
        this.console = console;
        this.clients = clients;
        this.accepted = accepted;
        this.maxClients = maxClients;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clients.add(ctx.channel()); // leaves the group by itself when it closes
        console.println("Server:: connected to a client (" + peer(ctx.channel()) + ")");
        if (accepted.incrementAndGet() == maxClients) {
            console.println("Server:: served " + maxClients + " client(s); no longer accepting");
            Channel server = ctx.channel().parent();
            if (server != null) {
                server.close(); // the accepted connections stay open
            }
        }
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        String text = decoder.decode(msg.nioBuffer());
        if (!text.isEmpty()) {
            console.println("Rx_msg = " + PyRepr.of(text));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String rest = decoder.finish();
        if (!rest.isEmpty()) {
            console.println("Rx_msg = " + PyRepr.of(rest));
        }
        console.println("Server:: disconnected by client (" + peer(ctx.channel()) + ")");
        ctx.fireChannelInactive();
    }

    /** "ip:port", as {@link TcpStreamServer} prints it. */
    private static String peer(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress address) {
            return address.getAddress().getHostAddress() + ":" + address.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("Closing {} after an unexpected error", ctx.channel(), cause);
        }
        ctx.close();
    }
}
