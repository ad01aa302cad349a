package dev.duplex.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.web.WebOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Chromium itself enforces of the page's security: a page from another origin cannot open the
 * relay's WebSocket unless the relay allows that origin, and the Content-Security-Policy stops scripts
 * that are not the page's own files.
 */
@Timeout(120)
class BrowserSecurityTest {
    /** Opens a WebSocket to {@code url} from the page and says how it went: "open" or "closed CODE". */
    private static final String TRY_WEBSOCKET = "url => new Promise(done => { const ws = new WebSocket(url);"
            + " ws.onopen = () => { done('open'); ws.close(); }; ws.onclose = e => done('closed ' + e.code);"
            + " setTimeout(() => done('no answer'), 10000); })";

    @RegisterExtension
    static final Chromium CHROMIUM = new Chromium();

    private static RelayServer relay(WebOptions web) {
        return RelayServer.builder().bindHost("127.0.0.1").port(0).web(web).build().start();
    }

    @Test
    void onlyTheRelaysOwnPageOrAnAllowedOriginMayOpenItsWebSocket() throws Exception {
        // Someone else's site, on loopback too (Chromium keeps public sites away from loopback by itself).
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = "<!doctype html><title>another site</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        String elsewhere = "http://127.0.0.1:" + site.getAddress().getPort();
        try (RelayServer strict = relay(WebOptions.onPort(0));
             RelayServer lenient = relay(WebOptions.builder().port(0).allowOrigin(elsewhere).build());
             DuplexPage own = CHROMIUM.open("http://127.0.0.1:" + strict.webPort() + "/");
             DuplexPage other = new DuplexPage(CHROMIUM.newPage())) {
            other.page.navigate(elsewhere + "/");
            String strictSocket = "ws://127.0.0.1:" + strict.webPort() + WebOptions.WEBSOCKET_PATH;
            assertThat(other.page.evaluate(TRY_WEBSOCKET, strictSocket)).isEqualTo("closed 1006");
            assertThat(own.page.evaluate(TRY_WEBSOCKET, strictSocket)).isEqualTo("open");
            assertThat(other.page.evaluate(TRY_WEBSOCKET, "ws://127.0.0.1:" + lenient.webPort()
                    + WebOptions.WEBSOCKET_PATH)).isEqualTo("open");
        } finally {
            site.stop(0);
        }
    }

    @Test
    void theContentSecurityPolicyBlocksScriptsThatAreNotThePagesFiles() {
        try (RelayServer relay = relay(WebOptions.onPort(0));
             DuplexPage page = CHROMIUM.open("http://127.0.0.1:" + relay.webPort() + "/")) {
            Object result = page.page.evaluate("() => { const s = document.createElement('script');"
                    + " s.textContent = 'window.injected = 1'; document.body.append(s);"
                    + " return window.injected === undefined ? 'blocked' : 'ran'; }");
            assertThat(result).isEqualTo("blocked");
        }
    }
}
