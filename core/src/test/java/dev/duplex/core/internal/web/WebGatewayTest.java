package dev.duplex.core.internal.web;

import static dev.duplex.core.internal.web.WebSocketWire.BINARY;
import static dev.duplex.core.internal.web.WebSocketWire.CLOSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.core.web.WebOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web port's pipeline on an {@link EmbeddedChannel}, byte for byte as a browser speaks to it:
 * the upgrade, then one duplex frame per binary WebSocket message both ways into the ordinary
 * duplex layers (framer, codec, heartbeat, backpressure), whose session here only records.
 */
class WebGatewayTest {
    private static final String HOST = "127.0.0.1:24101";
    private static final String ORIGIN = "http://" + HOST;
    private static final TransportConfig CONFIG = TransportConfig.DEFAULT;

    /** The member's session layer, recording what reaches it and when it starts. */
    static final class RecordingSession extends SimpleChannelInboundHandler<Frame> {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        int activations;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            activations++;
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            frames.add(frame);
        }
    }

    private final RecordingSession session = new RecordingSession();

    private EmbeddedChannel gateway(int maxMessage) {
        WebSite site = new WebSite(WebOptions.onPort(0), Optional.empty(), FrameLimits.DEFAULT, 5000);
        return new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                WebPipeline.configure(ch, site, null, maxMessage, 10_000, upgraded -> DuplexPipeline.configure(
                        upgraded, CONFIG, OverflowPolicy.DISCONNECT, new FlowCounters(), session));
            }
        });
    }

    /** A gateway that has answered a browser's upgrade; what it wrote so far is read. */
    private EmbeddedChannel upgraded() {
        EmbeddedChannel ch = gateway(Wire.maxFrameLength(FrameLimits.DEFAULT));
        ch.writeInbound(WebSocketWire.upgrade(HOST, ORIGIN));
        WebSocketWire.Response response = WebSocketWire.response(WebSocketWire.written(ch));
        assertThat(response.status()).isEqualTo(101);
        return ch;
    }

    private static byte[] bytes(Frame frame) {
        return RawDuplexSocket.encode(frame);
    }

    private static Frame decode(byte[] payload) {
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer().writeBytes(payload);
        try {
            return FrameCodec.decode(b);
        } finally {
            b.release();
        }
    }

    @Test
    void theMembersLayersStartWithTheWebSocketAndCarryOneFramePerBinaryMessage() {
        EmbeddedChannel ch = gateway(Wire.maxFrameLength(FrameLimits.DEFAULT));
        ch.writeInbound(WebSocketWire.request("GET", "/", "Host: " + HOST));
        assertThat(WebSocketWire.response(WebSocketWire.written(ch)).status()).isEqualTo(200);
        assertThat(session.activations).as("no member before the WebSocket").isZero();

        ch.writeInbound(WebSocketWire.upgrade(HOST, ORIGIN, "Sec-WebSocket-Extensions: permessage-deflate"));
        WebSocketWire.Response upgrade = WebSocketWire.response(WebSocketWire.written(ch));
        assertThat(upgrade.status()).isEqualTo(101);
        assertThat(upgrade.header("Sec-WebSocket-Accept")).isEqualTo(WebSocketWire.ACCEPT);
        assertThat(upgrade.header("Sec-WebSocket-Extensions")).as("no compression").isNull();
        assertThat(session.activations).isEqualTo(1);

        Hello hello = new Hello("alice", "lobby");
        ch.writeInbound(WebSocketWire.binary(bytes(hello)));
        assertThat(session.frames).containsExactly(hello);

        // Written from above (as the relay writes), each frame leaves as one binary message.
        Ping ping = new Ping(42);
        TextFrame text = new TextFrame(7, 3, 99, "bob", "lobby", "hi 👋");
        ch.write(ping);
        ch.writeAndFlush(text);
        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(out).extracting(WebSocketWire.Frame::opcode).containsExactly(BINARY, BINARY);
        assertThat(out.get(0).payload()).isEqualTo(bytes(ping));
        assertThat(decode(out.get(1).payload())).isEqualTo(text);
        assertClosesWithOneCloseFrame(ch);
    }

    /** Closing from above (as the relay does) says goodbye with one close frame, status 1000. */
    private static void assertClosesWithOneCloseFrame(EmbeddedChannel ch) {
        ch.close();
        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(out).extracting(WebSocketWire.Frame::opcode).containsExactly(CLOSE);
        assertThat(out.get(0).closeCode()).isEqualTo(WebSocketCloseStatus.NORMAL_CLOSURE.code());
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aFrameSplitIntoFragmentsIsJoinedIntoOneMessage() {
        EmbeddedChannel ch = upgraded();
        byte[] hello = bytes(new Hello("alice", "lobby"));
        ch.writeInbound(WebSocketWire.clientFrame(false, BINARY, Arrays.copyOfRange(hello, 0, 4)));
        ch.writeInbound(WebSocketWire.clientFrame(true, WebSocketWire.CONTINUATION,
                Arrays.copyOfRange(hello, 4, hello.length)));
        assertThat(session.frames).containsExactly(new Hello("alice", "lobby"));
        assertClosesWithOneCloseFrame(ch);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"two frames", "half a frame", "shorter than a header"})
    void aMessageThatIsNotExactlyOneFrameIsAnErrorThenAClose(String shape) {
        EmbeddedChannel ch = upgraded();
        byte[] ping = bytes(new Ping(1));
        byte[] message = switch (shape) {
            case "two frames" -> ByteBufUtil.decodeHexDump(ByteBufUtil.hexDump(ping) + ByteBufUtil.hexDump(ping));
            case "half a frame" -> Arrays.copyOf(ping, 10);
            default -> Arrays.copyOf(ping, 3);
        };
        ch.writeInbound(WebSocketWire.binary(message));

        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(out).extracting(WebSocketWire.Frame::opcode).containsExactly(BINARY, CLOSE);
        ErrorFrame error = (ErrorFrame) decode(out.get(0).payload());
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(error.message()).startsWith("A WebSocket message must carry exactly one duplex frame");
        assertThat(out.get(1).closeCode()).isEqualTo(WebSocketCloseStatus.NORMAL_CLOSURE.code());
        assertThat(session.frames).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void theFramersChecksApplyInsideTheMessage() {
        EmbeddedChannel ch = upgraded();
        byte[] notDuplex = bytes(new Ping(1));
        notDuplex[0] = 'G';
        ch.writeInbound(WebSocketWire.binary(notDuplex));
        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(((ErrorFrame) decode(out.get(0).payload())).code()).isEqualTo(ErrorCode.NOT_DUPLEX);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void textMessagesAreRefusedWithUnsupportedData() {
        EmbeddedChannel ch = upgraded();
        ch.writeInbound(WebSocketWire.clientFrame(true, WebSocketWire.TEXT, "HELLO".getBytes(StandardCharsets.UTF_8)));
        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(out).extracting(WebSocketWire.Frame::opcode).containsExactly(CLOSE);
        assertThat(out.get(0).closeCode()).isEqualTo(WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code());
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aWebSocketPingClosesWithPolicyViolationInsteadOfBeingAnsweredOutsideTheRateLimits() {
        EmbeddedChannel ch = upgraded();
        ch.writeInbound(WebSocketWire.clientFrame(true, WebSocketWire.PING, new byte[] {1, 2, 3}));
        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(out).extracting(WebSocketWire.Frame::opcode).containsExactly(CLOSE);
        assertThat(out.get(0).closeCode()).isEqualTo(WebSocketCloseStatus.POLICY_VIOLATION.code());
        assertThat(new String(out.get(0).payload(), 2, out.get(0).payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo(WebSocketControlGuard.REASON);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aMessageOverTheLargestFrameIsRefusedFromItsHeaderWithMessageTooBig() {
        EmbeddedChannel ch = gateway(1024);
        ch.writeInbound(WebSocketWire.upgrade(HOST, ORIGIN));
        WebSocketWire.written(ch);
        ByteBuf big = WebSocketWire.binary(new byte[2048]);
        // Only the header and a little: the gateway must not wait for (or buffer) the rest.
        ch.writeInbound(big.readRetainedSlice(20));
        big.release();
        List<WebSocketWire.Frame> out = WebSocketWire.frames(WebSocketWire.written(ch));
        assertThat(out).extracting(WebSocketWire.Frame::opcode).containsExactly(CLOSE);
        assertThat(out.get(0).closeCode()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aConnectionThatDoesNotBecomeAWebSocketInTimeIsClosed() {
        EmbeddedChannel ch = gateway(Wire.maxFrameLength(FrameLimits.DEFAULT));
        ch.freezeTime();
        ch.advanceTimeBy(9_900, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(session.activations).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void framesWrittenBeforeTheWebSocketExistsGoNowhere() {
        EmbeddedChannel ch = gateway(Wire.maxFrameLength(FrameLimits.DEFAULT));
        ChannelFuture bye = ch.writeAndFlush(new Bye("The relay is shutting down."));
        assertThat(bye.isSuccess()).isFalse();
        assertThat(WebSocketWire.written(ch)).isEmpty();
        assertThat(ch.finish()).isFalse();
    }
}
