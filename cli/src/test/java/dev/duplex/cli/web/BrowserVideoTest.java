package dev.duplex.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.web.WebOptions;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.RecordingDisplay.Shown;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Video between Chromium and the Java video app through a TLS relay: the browser's (fake) camera is
 * decoded by the Java client, and the Java client's test pattern is painted in the page. Also what
 * the page says when the camera is refused.
 */
@Timeout(120)
class BrowserVideoTest {
    private static final Identity IDENTITY = Identity.generate();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A script that paints a tile's canvas into a fingerprint of its pixels: a sum and the spread of values. */
    private static final String PIXELS = "canvas => { const d = canvas.getContext('2d')"
            + ".getImageData(0, 0, canvas.width, canvas.height).data; let sum = 0, min = 255, max = 0;"
            + " for (let i = 0; i < d.length; i += 4) { sum += d[i] + 2 * d[i + 1] + 3 * d[i + 2];"
            + " min = Math.min(min, d[i + 1]); max = Math.max(max, d[i + 1]); }"
            + " return [sum, max - min, canvas.width, canvas.height]; }";
    @RegisterExtension
    static final Chromium CHROMIUM = new Chromium();

    @Test
    void theBrowsersCameraReachesTheJavaClientAndTheJavaClientsVideoIsPaintedInThePage() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(IDENTITY))
                .web(WebOptions.onPort(0)).build().start();
             DuplexPage alice = CHROMIUM.open("https://127.0.0.1:" + relay.webPort() + "/")) {
            alice.joinAndWait("alice", "studio");
            RecordingDisplay javaSees = new RecordingDisplay(1_000);
            VideoOptions options = VideoOptions.builder().relay("127.0.0.1", relay.port()).room("studio")
                    .nickname("javacam").tls(TlsOptions.pinned(IDENTITY.fingerprint()))
                    .source(SourceSpec.synthetic()).size(320, 240).fps(15).adaptive(false).build();
            VideoCall javacam = VideoCall.builder(options).source(new SyntheticSource(320, 240, 15, "javacam"))
                    .display(javaSees).start();
            try {
                alice.page.selectOption("#camera-size", "320x240");
                alice.page.selectOption("#camera-fps", "15");
                alice.page.click("#camera-toggle");
                alice.page.waitForCondition(() -> alice.page.textContent("#camera-toggle").equals("Stop camera"));

                // The browser's camera, as JPEG over the WebSocket, decoded by the Java app.
                await().atMost(WAIT).until(() -> javaSees.from("alice").size() >= 15);
                List<Shown> fromBrowser = javaSees.from("alice");
                assertThat(fromBrowser).allSatisfy(f -> {
                    assertThat(f.imageWidth()).isEqualTo(320);
                    assertThat(f.imageHeight()).isEqualTo(240);
                    assertThat(f.messageWidth()).isEqualTo(320);
                });
                assertThat(fromBrowser).extracting(Shown::sequence).isSorted().doesNotHaveDuplicates();

                // The Java app's test pattern, painted in the page's tile for javacam.
                Locator tile = alice.page.locator(".tile[data-sender='javacam']");
                alice.page.waitForCondition(() -> tile.count() == 1
                        && Integer.parseInt(tile.getAttribute("data-frames")) >= 10);
                Locator canvas = tile.locator("canvas");
                List<?> first = (List<?>) canvas.evaluate(PIXELS);
                alice.page.waitForCondition(() -> !canvas.evaluate(PIXELS).equals(first));
                List<?> later = (List<?>) canvas.evaluate(PIXELS);
                assertThat(later.subList(2, 4).stream().map(n -> ((Number) n).intValue()).toList())
                        .as("the canvas takes the frames' size").containsExactly(320, 240);
                assertThat(((Number) later.get(1)).intValue()).as("a picture, not a blank canvas").isGreaterThan(100);
                assertThat(alice.page.textContent(".tile[data-sender='javacam'] .name")).isEqualTo("javacam");
                // The page counts what it sent: at least what the Java app has decoded of it by now.
                int decoded = javaSees.from("alice").size();
                alice.page.waitForCondition(() -> sentByPage(alice) >= decoded);
                alice.screenshot("browser-video");
            } finally {
                javacam.close();
            }
            // Leaving removes the tile.
            alice.page.waitForCondition(() -> alice.page.locator(".tile[data-sender='javacam']").count() == 0);
            assertThat(javacam.summary().received()).isGreaterThanOrEqualTo(15);
        }
    }

    /** The page's own count of camera frames sent, from its "N sent · M skipped" line. */
    private static int sentByPage(DuplexPage page) {
        String info = page.page.textContent("#camera-info");
        assertThat(info).matches("\\d+ sent · \\d+ skipped");
        return Integer.parseInt(info.substring(0, info.indexOf(' ')));
    }

    @Test
    void aRefusedCameraIsExplainedAndTheChatGoesOn() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).web(WebOptions.onPort(0))
                .build().start();
             DuplexPage page = new DuplexPage(CHROMIUM.newPage())) {
            // What a browser does when the person clicks "Block" (the fake UI always allows).
            page.page.addInitScript("navigator.mediaDevices.getUserMedia = () => Promise.reject("
                    + "new DOMException('Permission denied', 'NotAllowedError'));");
            page.page.navigate("http://127.0.0.1:" + relay.webPort() + "/");
            page.joinAndWait("carol", "lobby");
            page.page.click("#camera-toggle");
            page.waitForVisible("#camera-status");
            assertThat(page.page.textContent("#camera-status")).startsWith("The browser refused the camera. Allow it "
                    + "for this page");
            assertThat(page.page.textContent("#camera-toggle")).isEqualTo("Start camera");
            page.send("no camera, still here");
            Locator row = page.messageRow("no camera, still here");
            page.page.waitForCondition(() -> row.locator(".state").textContent().equals("✓ sent"));
        }
    }
}
