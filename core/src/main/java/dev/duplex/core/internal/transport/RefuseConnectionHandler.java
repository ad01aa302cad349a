package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.protocol.ErrorFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The session layer of a connection that is refused (a connection cap): once the connection is
 * ready (after TLS where there is TLS) it sends one ERROR with the reason and closes. Whatever the
 * peer sends is dropped; a peer that takes too long is closed anyway after {@code graceMillis}.
 * Per-connection state: one instance per channel.
 */
public final class RefuseConnectionHandler extends ChannelInboundHandlerAdapter {
    private final ErrorFrame error;
    private final long graceMillis;

    public RefuseConnectionHandler(ErrorFrame error, long graceMillis) {
        this.error = error;
        this.graceMillis = graceMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            ctx.close();
        }, graceMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Nothing the peer sends matters any more: leave it in the kernel instead of decoding it.
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }
}
