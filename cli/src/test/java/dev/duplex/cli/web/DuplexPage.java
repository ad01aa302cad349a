package dev.duplex.cli.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The relay's web page as a test drives it: by its form fields and what it shows, as a person would. */
final class DuplexPage implements AutoCloseable {
    /** Where the screenshots are kept. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final Page page;

    DuplexPage(Page page) {
        this.page = page;
    }

    /** Opens the page at {@code url} and waits until it has loaded the relay's settings. */
    static DuplexPage open(Chromium chromium, String url) {
        DuplexPage p = new DuplexPage(chromium.newPage());
        p.page.navigate(url);
        p.page.locator("#join-button:enabled").waitFor();
        return p;
    }

    /** Fills the join form and submits it (does not wait for the relay's answer). */
    DuplexPage join(String nickname, String room) {
        page.fill("#nickname", nickname);
        page.fill("#room", room);
        page.click("#join-button");
        return this;
    }

    /** Joins and waits until the relay has welcomed the page. */
    DuplexPage joinAndWait(String nickname, String room) {
        join(nickname, room);
        page.locator(".status.ok").waitFor();
        return this;
    }

    void send(String text) {
        page.fill("#message", text);
        page.press("#message", "Enter");
    }

    String status() {
        return page.textContent("#status");
    }

    /** The chat's message rows as "sender: body". */
    List<String> messages() {
        return page.locator("#messages .message").all().stream()
                .map(row -> row.locator(".sender").textContent() + ": " + row.locator(".body").textContent())
                .toList();
    }

    /** The row of the message with exactly {@code body}, waiting until there is one. */
    Locator messageRow(String body) {
        Locator row = page.locator("#messages .message").filter(new Locator.FilterOptions()
                .setHas(page.locator(".body", new Page.LocatorOptions().setHasText(body))));
        row.first().waitFor();
        return row;
    }

    List<String> participants() {
        return page.locator("#participants li").all().stream().map(Locator::textContent).toList();
    }

    void waitForVisible(String selector) {
        page.locator(selector).first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
    }

    /** Keeps a picture of the whole page under target/screenshots. */
    Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        page.context().close();
    }
}
