package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.core.transport.TransportConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.Test;

/** The kernel's unsent bytes of a real (epoll) socket are capped once it carries video, not before. */
class UnsentBytesTest {

    @Test
    void aConnectionCapsItsUnsentBytesOnceItCarriesVideo() throws Exception {
        try (EventLoops loops = EventLoops.create(1, "test-unsent")) {
            assumeTrue(loops.isEpoll(), "TCP_NOTSENT_LOWAT needs the native epoll transport");
            Channel server = new ServerBootstrap().group(loops.group()).channel(loops.serverChannelClass())
                    .childHandler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
            TransportConfig config = TransportConfig.builder().maxUnsentBytes(12_345).build();
            Channel client = new Bootstrap().group(loops.group()).channel(loops.socketChannelClass())
                    .handler(new BackpressureHandler(config, OverflowPolicy.DISCONNECT, new FlowCounters()))
                    .connect(server.localAddress()).sync().channel();
            try {
                EpollSocketChannel epoll = (EpollSocketChannel) client;
                long kernelDefault = epoll.config().getTcpNotSentLowAt();
                // No codec in this pipeline: the writes themselves fail, the cap is what is looked at.
                client.writeAndFlush(new TextFrame(1, 0, 0, "a", "r", "text")).await();
                assertThat(epoll.config().getTcpNotSentLowAt()).as("text only").isEqualTo(kernelDefault);
                client.writeAndFlush(new VideoFrame(1, 0, 2, 2, "a", Unpooled.wrappedBuffer(new byte[] {1}))).await();
                assertThat(epoll.config().getTcpNotSentLowAt()).isEqualTo(12_345);
            } finally {
                client.close().sync();
                server.close().sync();
            }
        }
    }
}
