package dev.duplex.core.internal.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The web port's answer to a connection refused by a connection cap: its first request gets
 * {@code 503 Service Unavailable} with the reason, and the connection is closed; one that sends no
 * request is closed after {@code graceMillis}. Per-connection state: one instance per channel.
 */
final class RefuseHttpHandler extends ChannelInboundHandlerAdapter {
    private final String sentence;
    private final long graceMillis;
    private boolean answered;

    RefuseHttpHandler(String sentence, long graceMillis) {
        this.sentence = sentence;
        this.graceMillis = graceMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            ctx.close();
        }, graceMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (answered) {
            return;
        }
        answered = true;
        FullHttpResponse response = WebSite.text(HttpResponseStatus.SERVICE_UNAVAILABLE, sentence);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
