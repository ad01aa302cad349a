package dev.duplex.core.internal.web;

import dev.duplex.core.web.WebOptions;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the web port: GET and HEAD of the page's own files ({@link WebSite}), and the
 * gate of the WebSocket: an upgrade request to {@link WebOptions#WEBSOCKET_PATH} goes on to the
 * WebSocket handshake only from an allowed Origin (else {@code 403}), and then this handler gives its
 * place to a {@link WebSocketControlGuard}. Everything else is answered with a status and a sentence.
 * Per-connection state (requests served): one instance per channel.
 */
final class WebPageHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebPageHandler.class);

    private final WebSite site;
    private int requests;

    WebPageHandler(WebSite site) {
        this.site = site;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            // Nothing but whole requests comes from the aggregator below.
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            requests++;
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            refuse(ctx, badRequest(decoded.cause()), "This request is malformed or too large.");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (path.equals(WebOptions.WEBSOCKET_PATH)) {
            upgrade(ctx, request);
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse response = WebSite.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "This page only answers GET and HEAD.");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, response, false);
            return;
        }
        WebSite.Resource resource = site.resource(path);
        if (resource == null) {
            send(ctx, WebSite.text(HttpResponseStatus.NOT_FOUND, "Not found. The page is at /."),
                    keepAlive(request));
            return;
        }
        send(ctx, WebSite.response(HttpResponseStatus.OK, resource, method.equals(HttpMethod.HEAD)),
                keepAlive(request));
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        String refusal = site.originRefusal(request.headers());
        if (refusal != null) {
            log.info("Refusing a WebSocket from {}: {}", ctx.channel().remoteAddress(), refusal);
            refuse(ctx, HttpResponseStatus.FORBIDDEN, refusal);
            return;
        }
        // From here on only WebSocket frames come; the handshake below answers the request.
        ctx.pipeline().replace(this, WebPipeline.WS_GUARD, new WebSocketControlGuard());
        ctx.fireChannelRead(request.retain());
    }

    private boolean keepAlive(FullHttpRequest request) {
        return HttpUtil.isKeepAlive(request) && requests < site.options().maxRequestsPerConnection();
    }

    private static HttpResponseStatus badRequest(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String sentence) {
        send(ctx, WebSite.text(status, sentence), false);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        // Nothing above this handler has started yet: the response goes straight down.
        response.headers().set(HttpHeaderNames.CONNECTION,
                keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Web connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
