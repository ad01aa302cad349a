package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.protocol.ErrorFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The session layer of a connection that is refused (a connection cap): it sends one answer with
 * the reason and closes. A duplex peer gets its ERROR as soon as the connection is ready (after TLS
 * where there is TLS); a peer that speaks first (HTTP on the web port) gets its answer after its
 * first message. Whatever the peer sends is dropped; a peer that takes too long is closed anyway
 * after {@code graceMillis}. Per-connection state: one instance per channel.
 */
public final class RefuseConnectionHandler extends ChannelInboundHandlerAdapter {
    private final Supplier<?> answer;
    private final boolean afterFirstMessage;
    private final long graceMillis;
    private boolean answered;

    /** Sends {@code error} once the connection is ready. */
    public RefuseConnectionHandler(ErrorFrame error, long graceMillis) {
        this(() -> error, false, graceMillis);
    }

    /**
     * @param answer            makes the answer (one per connection: it may hold a buffer)
     * @param afterFirstMessage wait for the peer's first message (a request) before answering
     */
    public RefuseConnectionHandler(Supplier<?> answer, boolean afterFirstMessage, long graceMillis) {
        this.answer = answer;
        this.afterFirstMessage = afterFirstMessage;
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
        if (!afterFirstMessage) {
            // Nothing the peer sends matters any more: leave it in the kernel instead of decoding it.
            ctx.channel().config().setAutoRead(false);
            answer(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (afterFirstMessage) {
            ctx.channel().config().setAutoRead(false);
            answer(ctx);
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        if (!answered) {
            answered = true;
            ctx.writeAndFlush(answer.get()).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
