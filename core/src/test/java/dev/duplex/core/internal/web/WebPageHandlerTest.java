package dev.duplex.core.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.Identity;
import dev.duplex.core.web.WebOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP side of the web port on an {@link EmbeddedChannel}: the page's own files with their types
 * and security headers, nothing else however the path is spelled, bounded requests, and the Origin
 * gate of the WebSocket.
 */
class WebPageHandlerTest {
    private static final String HOST = "127.0.0.1:24101";
    private static final Fingerprint FINGERPRINT = Identity.generate().fingerprint();

    private static EmbeddedChannel channel(WebOptions options, boolean tls) {
        WebSite site = new WebSite(options, tls ? Optional.of(FINGERPRINT) : Optional.empty(), FrameLimits.DEFAULT,
                5000);
        return new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                WebPipeline.configure(ch, site, null, Wire.maxFrameLength(FrameLimits.DEFAULT), 10_000, upgraded -> {
                });
            }
        });
    }

    private static EmbeddedChannel channel() {
        return channel(WebOptions.onPort(0), false);
    }

    private static WebSocketWire.Response get(EmbeddedChannel ch, String method, String path, String... headers) {
        ch.writeInbound(WebSocketWire.request(method, path, headers));
        return WebSocketWire.response(WebSocketWire.written(ch));
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = WebSite.class.getResourceAsStream(WebSite.RESOURCE_DIRECTORY + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/,            index.html,  text/html; charset=utf-8",
            "/index.html,  index.html,  text/html; charset=utf-8",
            "/app.js,      app.js,      text/javascript; charset=utf-8",
            "/protocol.js, protocol.js, text/javascript; charset=utf-8",
            "/voice.js,    voice.js,    text/javascript; charset=utf-8",
            "/voice-capture.js, voice-capture.js, text/javascript; charset=utf-8",
            "/style.css,   style.css,   text/css; charset=utf-8",
            "/favicon.svg, favicon.svg, image/svg+xml"})
    void servesThePagesFilesWithTheirTypesAndTheSecurityHeaders(String path, String file, String type) throws Exception {
        EmbeddedChannel ch = channel();
        WebSocketWire.Response r = get(ch, "GET", path + "?v=1", "Host: " + HOST);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(resource(file));
        assertThat(r.header("Content-Type")).isEqualTo(type);
        assertSecurityHeaders(r);
        assertThat(r.header("Connection")).isEqualTo("keep-alive");
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    private static void assertSecurityHeaders(WebSocketWire.Response r) {
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'self';")
                .contains("object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        // The page's own camera and microphone only.
        assertThat(r.header("Permissions-Policy")).isEqualTo("camera=(self), microphone=(self), geolocation=()");
    }

    @Test
    void theSettingsTellThePageTheFingerprintAndTheLimits() {
        EmbeddedChannel ch = channel(WebOptions.onPort(0), true);
        WebSocketWire.Response r = get(ch, "GET", "/config.json", "Host: " + HOST);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.body()).isEqualTo("{\"websocketPath\":\"/duplex\",\"tls\":true,\"fingerprint\":\"" + FINGERPRINT
                + "\",\"fingerprintHex\":\"" + FINGERPRINT.hex() + "\",\"maxTextPayload\":65536,"
                + "\"maxVideoPayload\":4194304,\"maxAudioPayload\":4096,\"heartbeatMillis\":5000}\n");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void headAnswersWithTheHeadersAlone() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(WebSocketWire.request("HEAD", "/app.js", "Host: " + HOST));
        WebSocketWire.Response r = WebSocketWire.response(WebSocketWire.written(ch), true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length"))
                .isEqualTo(String.valueOf(resource("app.js").getBytes(StandardCharsets.UTF_8).length));
        assertThat(r.rest()).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/../pom.xml", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
            "/index.html/../../core/pom.xml", "/app.js%00.html", "/..\\..\\windows\\win.ini",
            "/dev/duplex/core/web/page/index.html", "/dev/duplex/core/internal/web/WebSite.class",
            "/META-INF/MANIFEST.MF", "/page/app.js", "/APP.JS", "/app.js/", "/.", "/%2F", "/favicon.ico",
            "http://127.0.0.1:24101/../pom.xml"})
    void nothingOutsideThePagesOwnFilesIsServed(String path) {
        EmbeddedChannel ch = channel();
        WebSocketWire.Response r = get(ch, "GET", path, "Host: " + HOST);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("Not found. The page is at /.\n");
        assertSecurityHeaders(r);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void otherMethodsAreRefusedAndTheConnectionClosed() {
        EmbeddedChannel ch = channel();
        WebSocketWire.Response r = get(ch, "DELETE", "/index.html", "Host: " + HOST);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aRequestBodyIsRefusedAndSkippedNotBuffered() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(WebSocketWire.request("POST", "/", "Host: " + HOST, "Content-Length: 5"));
        assertThat(WebSocketWire.response(WebSocketWire.written(ch)).status()).isEqualTo(413);
        ch.writeInbound(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        assertThat(get(ch, "GET", "/", "Host: " + HOST).status()).isEqualTo(200);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aRequestLineOverTheLimitIsRefused() {
        EmbeddedChannel ch = channel(WebOptions.builder().maxRequestLineBytes(256).build(), false);
        WebSocketWire.Response r = get(ch, "GET", "/" + "a".repeat(300), "Host: " + HOST);
        assertThat(r.status()).isEqualTo(414);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void headersOverTheLimitAreRefused() {
        EmbeddedChannel ch = channel(WebOptions.builder().maxRequestHeaderBytes(1024).build(), false);
        WebSocketWire.Response r = get(ch, "GET", "/", "Host: " + HOST, "Cookie: " + "c".repeat(2000));
        assertThat(r.status()).isEqualTo(431);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aConnectionServesAtMostItsShareOfRequests() {
        EmbeddedChannel ch = channel(WebOptions.builder().maxRequestsPerConnection(2).build(), false);
        assertThat(get(ch, "GET", "/", "Host: " + HOST).header("Connection")).isEqualTo("keep-alive");
        assertThat(get(ch, "GET", "/app.js", "Host: " + HOST).header("Connection")).isEqualTo("close");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "Origin {0}")
    @CsvSource(nullValues = "none", value = {
            "none,                        false",
            "https://evil.example,        false",
            "http://127.0.0.1:24102,      false",
            "http://localhost:24101,      false",
            "null,                        false",
            "http://127.0.0.1:24101,      true",
            "HTTP://127.0.0.1:24101,      true",
            "https://chat.example.org,    true"})
    void theWebSocketOpensOnlyForThePagesOwnOriginOrAnAllowedOne(String origin, boolean opens) {
        EmbeddedChannel ch = channel(WebOptions.builder().allowOrigin("https://chat.example.org").build(), false);
        ch.writeInbound(WebSocketWire.upgrade(HOST, origin));
        WebSocketWire.Response r = WebSocketWire.response(WebSocketWire.written(ch));
        if (opens) {
            assertThat(r.status()).isEqualTo(101);
        } else {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).isEqualTo(origin == null
                    ? "A WebSocket to this relay needs an Origin header (browsers send one); other programs can "
                    + "connect to the relay's TCP port instead.\n"
                    : "Pages from " + origin + " may not join this relay: only its own page may (its operator can "
                    + "allow another origin with --web-origin).\n");
            assertThat(ch.isOpen()).isFalse();
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void withTlsThePagesOwnOriginIsHttps() {
        EmbeddedChannel plain = channel(WebOptions.onPort(0), true);
        plain.writeInbound(WebSocketWire.upgrade(HOST, "http://" + HOST));
        assertThat(WebSocketWire.response(WebSocketWire.written(plain)).status()).isEqualTo(403);
        plain.finishAndReleaseAll();

        EmbeddedChannel secure = channel(WebOptions.onPort(0), true);
        secure.writeInbound(WebSocketWire.upgrade(HOST, "https://" + HOST));
        assertThat(WebSocketWire.response(WebSocketWire.written(secure)).status()).isEqualTo(101);
        secure.finishAndReleaseAll();
    }

    @Test
    void originsToAllowMustBeOnlySchemeHostAndPort() {
        for (String bad : new String[] {"chat.example.org", "https://chat.example.org/page", "ftp://x", "*", ""}) {
            assertThatThrownBy(() -> WebOptions.builder().allowOrigin(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: scheme://host[:port]");
        }
    }
}
