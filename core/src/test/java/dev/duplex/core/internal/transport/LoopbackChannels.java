package dev.duplex.core.internal.transport;

import dev.duplex.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Client channels on real event loops, connected to a loopback server (that does nothing unless
 * given a pipeline): for tests of what a channel's pipeline does with writes. Closing it closes the channels, the server and the
 * loops.
 */
final class LoopbackChannels implements AutoCloseable {
    private final EventLoops loops;
    private final ChannelHandler serverSide;
    private final List<Channel> channels = new ArrayList<>();
    private Channel server;

    /** Two event loops; the server reads nothing. */
    LoopbackChannels() {
        this(2, new ChannelInboundHandlerAdapter());
    }

    /** {@code threads} event loops (the server's too); {@code serverSide} is each accepted connection's pipeline. */
    LoopbackChannels(int threads, ChannelHandler serverSide) {
        this.loops = EventLoops.create(threads, "loopback-channels");
        this.serverSide = serverSide;
    }

    /** Connects a new channel whose pipeline is {@code handler} (an initializer, or one handler). */
    Channel connect(ChannelHandler handler) {
        if (server == null) {
            server = new ServerBootstrap().group(loops.group()).channel(loops.serverChannelClass())
                    .childHandler(serverSide).bind("127.0.0.1", 0).syncUninterruptibly()
                    .channel();
        }
        Channel ch = new Bootstrap().group(loops.group()).channel(loops.socketChannelClass()).handler(handler)
                .connect(server.localAddress()).syncUninterruptibly().channel();
        channels.add(ch);
        return ch;
    }

    /** Every channel connected so far, in order. */
    List<Channel> all() {
        return channels;
    }

    /** Shuts the event loops down (what is still written to the channels is then released). */
    void shutDownLoops() {
        loops.close();
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        if (server != null) {
            server.close();
        }
        loops.close();
    }
}
