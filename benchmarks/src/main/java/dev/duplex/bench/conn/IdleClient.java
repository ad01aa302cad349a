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
import java.util.concurrent.CompletableFuture;

/**
 * One idle client: against the duplex relay it joins a room with HELLO and answers every PING
 * (so the relay keeps it), otherwise it sends nothing; against the bare relay it only connects.
 * Per-connection state: one per channel.
 */
final class IdleClient extends ChannelInboundHandlerAdapter {
    private final String nickname;
    private final String room;
    private final boolean handshake;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();

    IdleClient(String nickname, String room, boolean handshake) {
        this.nickname = nickname;
        this.room = room;
        this.handshake = handshake;
    }

    CompletableFuture<Void> joined() {
        return joined;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
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
