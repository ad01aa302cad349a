package dev.duplex.core.internal.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * the connection: it is dropped here and {@link #REFUSED} goes up to the {@link WebSocketBridge},
 * which closes with status 1008 and the reason. Everything else passes. Stateless, but it sits in
 * a per-connection slot taken over from {@link WebPageHandler}.
 */
final class WebSocketControlGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketControlGuard.class);
    static final String REASON = "duplex uses its own PING frames, not WebSocket pings";

    /** The user event that asks the bridge to close: what status, and why. */
    record Refused(WebSocketCloseStatus status) {
    }

    static final Refused REFUSED = new Refused(new WebSocketCloseStatus(
            WebSocketCloseStatus.POLICY_VIOLATION.code(), REASON));

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame || msg instanceof PongWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            log.info("Closing {}: it sent a WebSocket {}", ctx.channel().remoteAddress(),
                    msg instanceof PingWebSocketFrame ? "ping" : "pong");
            ctx.channel().config().setAutoRead(false);
            ctx.fireUserEventTriggered(REFUSED);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
