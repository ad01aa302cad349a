package dev.duplex.core.internal.web;

import dev.duplex.core.internal.transport.RefuseConnectionHandler;
import dev.duplex.core.web.WebOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.function.Consumer;

/**
 * Assembles the pipeline of a connection to the web port, from the bytes up. The WebSocket is
 * another transport in front of the same member logic as a TCP connection: once upgraded, the
 * duplex layers ({@code DuplexPipeline}, added by {@code startMember}) follow the bridge, and see
 * the same bytes a TCP member would send.
 * <pre>
 *  socket
 *   [tls]        TLS layer                      (https/wss; plaintext answered with a sentence)
 *   http         HttpServerCodec                (request line and headers bounded)
 *   http-body    HttpObjectAggregator           (no request bodies: the page takes none)
 *   web-page     WebPageHandler                 (the page's files; Origin check of the upgrade)
 *                  then WebSocketControlGuard   (WebSocket pings and pongs close)
 *   websocket    WebSocketServerProtocolHandler (handshake, close; no extensions, so no compression)
 *   ws-message   WebSocketFrameAggregator       (a fragmented message joined, bounded)
 *   ws-bridge    WebSocketBridge                (binary message <-> one duplex frame)
 *   ... the member's duplex layers: framer, codec, heartbeat, backpressure, session, errors
 * </pre>
 * After the handshake Netty puts its WebSocket decoder and encoder where {@code http} was and
 * removes {@code http-body}.
 */
public final class WebPipeline {
    public static final String TLS = "tls";
    public static final String HTTP = "http";
    public static final String HTTP_BODY = "http-body";
    public static final String WEB_PAGE = "web-page";
    public static final String WS_GUARD = "ws-guard";
    public static final String WEBSOCKET = "websocket";
    public static final String WS_MESSAGE = "ws-message";
    public static final String WS_BRIDGE = "ws-bridge";
    /** The page takes no request bodies. */
    static final int MAX_REQUEST_BODY = 0;
    /** Longest piece of a request body the HTTP decoder hands on at once (irrelevant with no bodies). */
    private static final int MAX_CHUNK = 8192;

    private WebPipeline() {
    }

    /**
     * Sets up an accepted connection to the web port.
     *
     * @param tls            the TLS layer, or {@code null} for plaintext
     * @param maxMessage     the largest WebSocket message: one whole duplex frame (header included)
     * @param deadlineMillis how long the connection may stay plain HTTP (page requests) before it is closed
     * @param startMember    adds the member's duplex layers once the WebSocket is open
     */
    public static void configure(Channel channel, WebSite site, ChannelHandler tls, int maxMessage, long deadlineMillis,
                                 Consumer<Channel> startMember) {
        ChannelPipeline p = addHttp(channel, site.options(), tls);
        p.addLast(WEB_PAGE, new WebPageHandler(site));
        p.addLast(WEBSOCKET, new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WebOptions.WEBSOCKET_PATH)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(deadlineMillis)
                .sendCloseFrame(null) // the bridge sends close frames, only once there is a WebSocket
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxMessage)
                        .allowExtensions(false)
                        .expectMaskedFrames(true)
                        .closeOnProtocolViolation(false) // the bridge closes, with the decoder's status
                        .build())
                .build()));
        p.addLast(WS_MESSAGE, new WebSocketFrameAggregator(maxMessage));
        p.addLast(WS_BRIDGE, new WebSocketBridge(deadlineMillis, startMember));
    }

    /**
     * Sets up a connection refused by a connection cap: its first request is answered {@code 503} with
     * {@code sentence}, then it is closed ({@code graceMillis} at most).
     */
    public static void refuse(Channel channel, WebSite site, ChannelHandler tls, String sentence, long graceMillis) {
        addHttp(channel, site.options(), tls).addLast(WEB_PAGE, new RefuseConnectionHandler(() -> {
            FullHttpResponse response = WebSite.text(HttpResponseStatus.SERVICE_UNAVAILABLE, sentence);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }, true, graceMillis));
    }

    private static ChannelPipeline addHttp(Channel channel, WebOptions options, ChannelHandler tls) {
        ChannelPipeline p = channel.pipeline();
        if (tls != null) {
            p.addLast(TLS, tls);
        }
        p.addLast(HTTP, new HttpServerCodec(options.maxRequestLineBytes(), options.maxRequestHeaderBytes(), MAX_CHUNK));
        p.addLast(HTTP_BODY, new HttpObjectAggregator(MAX_REQUEST_BODY));
        return p;
    }
}
