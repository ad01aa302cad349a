package dev.duplex.testkit.link;

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
 * The emulator's one event loop: native epoll where available (its timers are finer than NIO's
 * millisecond selector timeouts, which the pacing of a capped link needs), NIO otherwise or with
 * {@code -Dduplex.noEpoll=true}, the same switch core's event loops honour. The test kit does not
 * depend on core (core's own tests use it), so it makes its loop itself.
 */
final class EmulatorLoop implements AutoCloseable {
    private final boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("duplex.noEpoll");
    private final EventLoopGroup group;

    EmulatorLoop(String name) {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true), io);
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
