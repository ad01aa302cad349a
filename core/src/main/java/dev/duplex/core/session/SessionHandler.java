package dev.duplex.core.session;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameLengthDecoder;
import dev.duplex.core.internal.protocol.Handshakes;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.internal.transport.Handshake;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.transport.Clock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The session layer of one connection of a {@link ConnectionSession}: runs the HELLO/WELCOME
 * handshake for its role (with a deadline), then hands every frame to the session.
 * Per-connection state: one instance per channel.
 */
final class SessionHandler extends SimpleChannelInboundHandler<Frame> {
    private final ConnectionSession session;
    private final ConnectionEvents connections;
    private boolean handshaken;
    private ScheduledFuture<?> helloDeadline;

    SessionHandler(ConnectionSession session) {
        this.session = session;
        this.connections = session.connections();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (session.wireFormat().isLecture()) {
            // The lecture's formats have no handshake: connected means ready. No heartbeats either.
            handshaken = true;
            String peer = peerLabel(ctx);
            connections.handshaken(ctx.channel(), session.requestedNickname(), "",
                    List.of(session.requestedNickname(), peer), 0, 0);
            ctx.fireChannelActive();
            return;
        }
        long timeout = session.config().helloTimeout().toMillis();
        helloDeadline = ctx.executor().schedule(() -> {
            if (!handshaken) {
                ctx.fireExceptionCaught(new ProtocolException(ErrorCode.HANDSHAKE_TIMEOUT,
                        "The handshake did not complete within " + timeout + " ms."));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (session.role().sendsHello) {
            ctx.writeAndFlush(new Hello(Wire.PROTOCOL_VERSION, session.capabilities(),
                    session.requestedNickname(), session.requestedRoom(), session.helloAttributes()));
        }
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (handshaken) {
            connections.frame(ctx.channel(), frame);
        } else if (session.role().sendsHello) {
            readWelcome(ctx, frame);
        } else {
            readHello(ctx, frame);
        }
    }

    private void readWelcome(ChannelHandlerContext ctx, Frame frame) {
        if (frame instanceof ErrorFrame error) {
            connections.frame(ctx.channel(), error);
            ctx.close();
            return;
        }
        if (!(frame instanceof Welcome welcome)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "Expected WELCOME, received " + frame.type() + ".");
        }
        if (welcome.version() != Wire.PROTOCOL_VERSION) {
            throw new ProtocolException(ErrorCode.VERSION_MISMATCH, "The other side speaks duplex protocol version "
                    + welcome.version() + ", this side version " + Wire.PROTOCOL_VERSION + ": update duplex so both match.");
        }
        // The accepting side's interval, or this side's own if shorter (a video client measures the
        // round trip every second to adapt; the other side answers every PING whatever its interval).
        Duration theirs = Duration.ofMillis(Math.max(100, welcome.heartbeatMillis()));
        Duration own = session.config().heartbeatInterval();
        completeHandshake(ctx, own.compareTo(theirs) < 0 ? own : theirs);
        connections.handshaken(ctx.channel(), welcome.nickname(), welcome.room(), List.of(welcome.nickname()),
                welcome.historyEpoch(), welcome.capabilities());
    }

    private void readHello(ChannelHandlerContext ctx, Frame frame) {
        if (!(frame instanceof Hello hello)) {
            throw Handshakes.notIdentified(frame);
        }
        Handshakes.checkHello(hello, false);
        String self = Names.normalize(session.requestedNickname());
        String peer = Names.normalize(hello.nickname());
        if (Names.sameNickname(peer, self)) {
            throw new ProtocolException(ErrorCode.NICKNAME_TAKEN,
                    "Your peer is also called '" + self + "': choose another nickname.");
        }
        Duration interval = session.config().heartbeatInterval();
        ctx.write(new Welcome(Wire.PROTOCOL_VERSION, session.capabilities(), peer, "",
                interval.toMillis(), Clock.nowMicros(), 0));
        List<String> both = List.of(self, peer);
        ctx.writeAndFlush(new Presence(Presence.Kind.SNAPSHOT, "", both));
        completeHandshake(ctx, interval);
        connections.handshaken(ctx.channel(), self, "", both, 0, hello.capabilities());
    }

    /** How a nameless lecture peer is shown: its IP address, as the lecture's window does. */
    static String peerLabel(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "peer";
    }

    private void completeHandshake(ChannelHandlerContext ctx, Duration heartbeat) {
        handshaken = true;
        helloDeadline.cancel(false);
        ctx.pipeline().fireUserEventTriggered(new Handshake(heartbeat));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof FrameLengthDecoder.Skipped skipped) {
            connections.oversizedFrameSkipped(skipped);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connections.failed(cause);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
        connections.closed(ctx.channel());
        ctx.fireChannelInactive();
    }
}
