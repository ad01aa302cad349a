package dev.duplex.bench.conn;

import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSession;

/**
 * One idle client: against the duplex relay it joins a room with HELLO and answers every PING
 * (so the relay keeps it), otherwise it sends nothing; against the bare relay (or only to time a TLS
 * handshake) it only connects. Over TLS, its {@code channelActive} comes once the connection is secured.
 * Per-connection state: one per channel.
 */
final class IdleClient extends ChannelInboundHandlerAdapter {
    private final String nickname;
    private final String room;
    private final boolean handshake;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    /** Every PRESENCE frame received, by all the clients that share it. */
    private final LongAdder presenceFrames;
    /** Where the TLS protocol and cipher suite of a secured connection are noted, shared by all clients. */
    private final Set<String> tlsSessions;

    IdleClient(String nickname, String room, boolean handshake, LongAdder presenceFrames, Set<String> tlsSessions) {
        this.nickname = nickname;
        this.room = room;
        this.handshake = handshake;
        this.presenceFrames = presenceFrames;
        this.tlsSessions = tlsSessions;
    }

    CompletableFuture<Void> joined() {
        return joined;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            SSLSession session = ssl.engine().getSession();
            tlsSessions.add(session.getProtocol() + " " + session.getCipherSuite());
        }
        if (handshake) {
            ctx.writeAndFlush(FrameCodec.encode(new Hello(nickname, room), ctx.alloc()));
        } else {
            joined.complete(null);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            int type = frame.getUnsignedByte(1);
            if (type == FrameType.PING.code()) {
                ctx.writeAndFlush(FrameCodec.encode(new Pong(frame.getLong(Wire.HEADER_LENGTH), Clock.nowMicros()),
                        ctx.alloc()));
            } else if (type == FrameType.PRESENCE.code()) {
                presenceFrames.increment();
                joined.complete(null);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        joined.completeExceptionally(new IllegalStateException(nickname + " was disconnected."));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
