package dev.duplex.core.transport;

import dev.duplex.core.internal.Checks;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A group of Netty event loops with the matching channel classes: native epoll where available,
 * NIO otherwise. One instance can be shared by any number of servers, clients and peers; whoever
 * created it closes it.
 */
public final class EventLoops implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;

    private EventLoops(int threads, String name, boolean useEpoll) {
        IoHandlerFactory factory = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
        this.epoll = useEpoll;
    }

    /** Event loops with {@code threads} threads (0 = Netty's default of 2 x cores). */
    public static EventLoops create(int threads, String name) {
        Checks.notNegative("threads", threads);
        return new EventLoops(threads, name, Epoll.isAvailable() && !Boolean.getBoolean("duplex.noEpoll"));
    }

    /** Netty's group of these loops, for bootstraps of your own. */
    public EventLoopGroup group() {
        return group;
    }

    /** True when the native epoll transport is in use. */
    public boolean isEpoll() {
        return epoll;
    }

    /** The client socket channel class that matches these loops (epoll or NIO). */
    public Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The server socket channel class that matches these loops (epoll or NIO). */
    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Shuts the loops down, letting queued tasks finish for up to two seconds. Idempotent. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
