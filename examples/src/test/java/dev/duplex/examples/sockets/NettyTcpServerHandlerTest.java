package dev.duplex.examples.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.examples.CapturedOutput;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NettyTcpServerHandlerTest {
    private final CapturedOutput out = new CapturedOutput();
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new NettyTcpServerHandler(new LockedConsole(out.stream()), clients,
                new AtomicInteger(), 0));
    }

    @Test
    void joinsTheBroadcastGroupWhileConnected() {
        EmbeddedChannel ch = channel();

        assertThat(List.copyOf(clients)).containsExactly(ch);
        assertThat(out.text()).contains("Server:: connected to a client (");
        assertThat(ch.finish()).isFalse();
        assertThat(List.copyOf(clients)).isEmpty();
        assertThat(out.text()).contains("Server:: disconnected by client (");
    }

    @Test
    void printsMultiByteTextDeliveredByteByByteWithoutGarbling() {
        EmbeddedChannel ch = channel();
        byte[] bytes = "안녕 😀".getBytes(StandardCharsets.UTF_8);

        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        String received = out.lines().stream().filter(l -> l.startsWith("Rx_msg = '"))
                .map(l -> l.substring("Rx_msg = '".length(), l.length() - 1))
                .reduce("", String::concat);
        assertThat(received).isEqualTo("안녕 😀");
        assertThat(out.text()).doesNotContain("\uFFFD");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void printsAnIncompleteLastCharacterAsReplacementWhenTheClientLeaves() {
        EmbeddedChannel ch = channel();

        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x61, (byte) 0xEC}));

        assertThat(ch.finish()).isFalse();
        assertThat(out.lines()).containsSubsequence("Rx_msg = 'a'", "Rx_msg = '\uFFFD'");
    }

    @Test
    void closesTheParentAfterMaxClientsConnections() {
        AtomicInteger accepted = new AtomicInteger(1);
        EmbeddedChannel ch = new EmbeddedChannel(new NettyTcpServerHandler(new LockedConsole(out.stream()), clients,
                accepted, 2));

        assertThat(accepted).hasValue(2);
        assertThat(out.text()).contains("Server:: served 2 client(s); no longer accepting");
        assertThat(ch.finish()).isFalse();
    }
}
