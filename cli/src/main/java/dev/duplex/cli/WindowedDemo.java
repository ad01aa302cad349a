package dev.duplex.cli;

import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.chat.ui.ChatWindow;
import dev.duplex.chat.ui.ChatWindowOptions;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.audio.AudioOptions;
import dev.duplex.video.audio.AudioSinkSpec;
import dev.duplex.video.audio.AudioSourceSpec;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.ui.VideoWindow;
import java.awt.AWTException;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/**
 * The windowed demo: a relay on this machine, two chat windows (alice and bob, room "demo") and two
 * video windows with the synthetic test pattern and test tones (room "demo-video"; the tones are not
 * played: two windows on one machine), until every window is closed or the optional time is up.
 */
final class WindowedDemo {
    private final int seconds;
    private final Path screenshot;

    /**
     * @param seconds    close everything after this many seconds; 0 waits for the windows to close
     * @param screenshot where to save a picture of the screen once the windows are up, or null
     */
    WindowedDemo(int seconds, Path screenshot) {
        this.seconds = seconds;
        this.screenshot = screenshot;
    }

    int run(PrintWriter out) throws Exception {
        // TLS like a real relay, with a throw-away identity that every window pins: nothing to ask, and
        // each window shows the relay's fingerprint.
        Identity identity = Identity.generate();
        ChatSecurity chatTls = ChatSecurity.tls().pinned(identity.fingerprint()).knownHosts(KnownHosts.inMemory());
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0)
                .tls(TlsOptions.server(identity)).build().start()) {
            int port = relay.port();
            List<ChatWindow> chats = new ArrayList<>();
            List<VideoWindow> videos = new ArrayList<>();
            try {
                chats.add(ChatWindow.open(ChatWindowOptions.builder().relay("127.0.0.1", port, "alice", "demo")
                        .location(20, 20).security(chatTls).build()));
                chats.add(ChatWindow.open(ChatWindowOptions.builder().relay("127.0.0.1", port, "bob", "demo")
                        .location(520, 60).security(chatTls).build()));
                for (String nick : List.of("alice", "bob")) {
                    // Two windows on one machine would hear each other's microphone in a loop: each sends a
                    // test tone, played nowhere (the level meters and the stats show it arrive).
                    AudioOptions voice = AudioOptions.of(AudioSourceSpec.tone(nick.equals("alice") ? 440 : 660),
                            AudioSinkSpec.none());
                    videos.add(VideoWindow.open(VideoOptions.builder().relay("127.0.0.1", port).nickname(nick)
                            .room("demo-video").source(SourceSpec.synthetic()).size(640, 480).audio(voice)
                            .tls(TlsOptions.pinned(identity.fingerprint())).build()));
                }
                tile();
                out.println("duplex demo: relay on 127.0.0.1:" + port + " (TLS, identity " + identity.fingerprint()
                        + "), chat windows for alice and bob (room demo), "
                        + "video windows for alice and bob (room demo-video, test pattern, test tones not played).");
                out.println(seconds > 0 ? "Closing by itself after " + seconds + " s."
                        : "Close the windows (or press Ctrl-C) to end the demo.");
                out.flush();
                List<CompletableFuture<Void>> closed = new ArrayList<>();
                chats.forEach(c -> closed.add(c.closeFuture()));
                videos.forEach(v -> closed.add(v.closeFuture()));
                CompletableFuture<Void> all = CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
                if (screenshot != null) {
                    // The video windows show at once and connect in the background: wait (bounded) for their calls.
                    try {
                        CompletableFuture.allOf(videos.stream().map(v -> v.started().exceptionally(failed -> null))
                                .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        out.println("The video calls are still starting; the screenshot shows them so.");
                    }
                    Thread.sleep(2000); // let a few frames and messages arrive first
                    saveScreenshot(screenshot);
                    out.println("Screenshot saved to " + screenshot);
                }
                if (seconds > 0) {
                    try {
                        all.get(seconds, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        // time is up: close them below
                    }
                } else {
                    all.join();
                }
                out.println("duplex demo ended: " + relay.stats());
                return 0;
            } finally {
                chats.forEach(ChatWindow::close);
                videos.forEach(VideoWindow::close);
            }
        }
    }

    /** Lays the four windows out in a 2 x 2 grid over the screen: chats on top, videos below. */
    private static void tile() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
            int w = screen.width / 2;
            int h = screen.height / 2;
            int i = 0;
            for (Frame frame : Frame.getFrames()) {
                if (frame.isVisible() && i < 4) {
                    frame.setBounds(screen.x + (i % 2) * w, screen.y + (i / 2) * h, w, h);
                    frame.validate();
                    i++;
                }
            }
        });
    }

    private static void saveScreenshot(Path file) throws AWTException, IOException {
        Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
        BufferedImage image = new Robot().createScreenCapture(screen);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
