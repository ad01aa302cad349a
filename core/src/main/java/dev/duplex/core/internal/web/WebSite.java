package dev.duplex.core.internal.web;

import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.web.WebOptions;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the web port serves: a fixed table of the page's files, read from the jar once when the relay
 * starts, plus {@code /config.json} (the relay's fingerprint and limits for the page). A request path
 * is only ever looked up in this table, never joined to a file or resource name, so nothing outside
 * the page can be reached however the path is spelled. Every response carries the same security
 * headers. Immutable; shared by all connections of a relay.
 */
public final class WebSite {
    /** Where the page's files are in the jar. */
    static final String RESOURCE_DIRECTORY = "/dev/duplex/core/web/page/";
    /** The page's files: name, content type. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "protocol.js", "text/javascript; charset=utf-8",
            "connection.js", "text/javascript; charset=utf-8",
            "camera.js", "text/javascript; charset=utf-8",
            "grid.js", "text/javascript; charset=utf-8",
            "voice.js", "text/javascript; charset=utf-8",
            "voice-capture.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    /** Only the page's own files, scripts and WebSocket; no frames, plugins, forms or base changes. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    /** One file of the page, ready to send. */
    record Resource(byte[] body, String contentType) {
    }

    private final Map<String, Resource> resources;
    private final WebOptions options;
    private final boolean tls;

    /**
     * @param fingerprint the relay's TLS identity (empty in plaintext), shown on the page for comparison
     * @param limits      the relay's frame limits, which the page checks before sending
     * @param heartbeatMillis the relay's PING interval, so that the page can tell a dead connection
     */
    public WebSite(WebOptions options, Optional<Fingerprint> fingerprint, FrameLimits limits, long heartbeatMillis) {
        this.options = options;
        this.tls = fingerprint.isPresent();
        Map<String, Resource> table = new HashMap<>();
        FILES.forEach((name, type) -> table.put("/" + name, new Resource(read(name), type)));
        table.put("/", table.get("/index.html"));
        table.put("/config.json", new Resource(config(fingerprint, limits, heartbeatMillis)
                .getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8"));
        this.resources = Map.copyOf(table);
    }

    private static byte[] read(String name) {
        try (InputStream in = WebSite.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("The web page's file " + name + " is missing from the jar: rebuild it.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the web page's file " + name, e);
        }
    }

    private static String config(Optional<Fingerprint> fingerprint, FrameLimits limits, long heartbeatMillis) {
        // Every value is a number, a boolean or base64/hex text: nothing needs escaping.
        return "{\"websocketPath\":\"" + WebOptions.WEBSOCKET_PATH + "\""
                + ",\"tls\":" + fingerprint.isPresent()
                + ",\"fingerprint\":" + fingerprint.map(f -> "\"" + f + "\"").orElse("null")
                + ",\"fingerprintHex\":" + fingerprint.map(f -> "\"" + f.hex() + "\"").orElse("null")
                + ",\"maxTextPayload\":" + limits.maxTextPayload()
                + ",\"maxVideoPayload\":" + limits.maxVideoPayload()
                + ",\"maxAudioPayload\":" + limits.maxAudioPayload()
                + ",\"heartbeatMillis\":" + heartbeatMillis + "}\n";
    }

    /** The file at {@code path} (already decoded, without query), or {@code null}. */
    Resource resource(String path) {
        return resources.get(path);
    }

    WebOptions options() {
        return options;
    }

    /**
     * Why a WebSocket upgrade with these headers is refused, or {@code null} if its Origin is the
     * page's own ({@code http(s)://} + the Host it asked for) or an allowed one.
     */
    String originRefusal(HttpHeaders headers) {
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return "A WebSocket to this relay needs an Origin header (browsers send one); other programs can "
                    + "connect to the relay's TCP port instead.";
        }
        String host = headers.get(HttpHeaderNames.HOST);
        String own = host == null ? null : (tls ? "https://" : "http://") + host;
        String lower = origin.toLowerCase(Locale.ROOT);
        if (lower.equals(own == null ? null : own.toLowerCase(Locale.ROOT)) || options.allowedOrigins().contains(lower)) {
            return null;
        }
        return "Pages from " + origin + " may not join this relay: only its own page may (its operator can allow "
                + "another origin with --web-origin).";
    }

    /** A response with a body and every security header. */
    static FullHttpResponse response(HttpResponseStatus status, Resource resource, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(resource.body()));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, resource.contentType());
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, resource.body().length);
        addSecurityHeaders(h);
        return response;
    }

    /** A plain-text response: a sentence for the person whose browser shows it. */
    static FullHttpResponse text(HttpResponseStatus status, String sentence) {
        return response(status, new Resource((sentence + "\n").getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8"), false);
    }

    static void addSecurityHeaders(HttpHeaders h) {
        h.set("x-content-type-options", "nosniff");
        h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
        h.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
        h.set("referrer-policy", "no-referrer");
        h.set("permissions-policy", "camera=(self), microphone=(self), geolocation=()");
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    }
}
