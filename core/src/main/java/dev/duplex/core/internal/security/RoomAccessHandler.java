package dev.duplex.core.internal.security;

import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Checks a HELLO against the relay's {@link RoomSecrets} before the session layer sees it: a HELLO
 * for a protected room without the right {@value RoomSecrets#HELLO_ATTRIBUTE} attribute is an
 * {@code ACCESS_DENIED} error (and a close). Other frames pass untouched. Stateless.
 */
@ChannelHandler.Sharable
public final class RoomAccessHandler extends ChannelInboundHandlerAdapter {
    private final RoomSecrets secrets;

    public RoomAccessHandler(RoomSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Hello hello && secrets.protects(hello.room())) {
            String presented = hello.attributes().get(RoomSecrets.HELLO_ATTRIBUTE);
            if (presented == null) {
                throw new ProtocolException(ErrorCode.ACCESS_DENIED, "Room '" + hello.room()
                        + "' needs a secret: ask its owner for it and connect with --room-secret.");
            }
            if (!secrets.admits(hello.room(), presented)) {
                throw new ProtocolException(ErrorCode.ACCESS_DENIED, "Wrong secret for room '" + hello.room()
                        + "': check it with the room's owner.");
            }
        }
        ctx.fireChannelRead(msg);
    }
}
