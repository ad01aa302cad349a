package dev.duplex.cli.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's headless Chromium driven by Playwright, one per test class (starting it costs more
 * than a test): a class registers it with {@code @RegisterExtension static final Chromium CHROMIUM =
 * new Chromium();} and each test takes a fresh {@link #newPage() page} in its own context. Playwright
 * downloads no browser ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} for its driver); the Chromium
 * is {@code /usr/bin/chromium} (Debian's {@code chromium}, installed by {@code .ci/run}), or the one
 * named by {@code -Dduplex.chromium=PATH}. Without it the browser tests are skipped, saying why.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {
    private static final Logger log = LoggerFactory.getLogger(Chromium.class);
    static final Path EXECUTABLE = Path.of(System.getProperty("duplex.chromium", "/usr/bin/chromium"));
    /** A camera, a microphone and their permission faked by Chromium itself: never a real device. */
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
    /** How long one Playwright action or wait may take. */
    static final double TIMEOUT_MILLIS = 20_000;

    private final List<String> args;
    private Playwright playwright;
    private Browser browser;

    /** Chromium with its fake camera and microphone (Chromium's own beeps). */
    Chromium() {
        this(List.of());
    }

    /** With more command-line switches, e.g. a WAV file for the fake microphone. */
    Chromium(List<String> extraArgs) {
        this.args = Stream.concat(ARGS.stream(), extraArgs.stream()).toList();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Files.isExecutable(EXECUTABLE), "No Chromium at " + EXECUTABLE + ": install Debian's chromium "
                + "package (.ci/run does) or name one with -Dduplex.chromium=PATH; the browser tests are skipped.");
        long start = System.nanoTime();
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        long driverReady = System.nanoTime();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(args).setTimeout(TIMEOUT_MILLIS));
        log.info("Playwright driver ready in {} ms, Chromium {} launched in {} ms",
                TimeUnit.NANOSECONDS.toMillis(driverReady - start), browser.version(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - driverReady));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (playwright != null) {
            playwright.close(); // closes the browser too
            playwright = null;
            browser = null;
        }
    }

    /** Opens the relay's page at {@code url} in a page of its own and waits until it is ready. */
    DuplexPage open(String url) {
        return DuplexPage.open(this, url);
    }

    /**
     * A page in a context of its own (no shared cookies or storage) that accepts the test relay's
     * self-signed certificate, as a person does after comparing its fingerprint.
     */
    Page newPage() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)
                .setViewportSize(1280, 800));
        context.setDefaultTimeout(TIMEOUT_MILLIS);
        return context.newPage();
    }

}
