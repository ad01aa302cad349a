package dev.duplex.core.internal.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Below Netty's WebSocket protocol handler, which would answer every WebSocket ping with a pong
 * outside the member's rate limits: duplex has its own PING and PONG frames (answered and counted
 * like any frame), and browsers send no WebSocket pings, so a client's WebSocket ping or pong closes
 * the connection (status 1008, with the reason). Everything else passes. Stateless, but it sits in
 * a per-connection slot taken over from {@link WebPageHandler}.
 */
final class WebSocketControlGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketControlGuard.class);
    static final String REASON = "duplex uses its own PING frames, not WebSocket pings";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame || msg instanceof PongWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            log.info("Closing {}: it sent a WebSocket {}", ctx.channel().remoteAddress(),
                    msg instanceof PingWebSocketFrame ? "ping" : "pong");
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, REASON))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
