package dev.duplex.video.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A link that cannot keep up: the receiving peer reads only a few frames a second (its network
 * is slow; simulated by holding its event loop, which only a test may do). The sender's connection
 * drops frames for backpressure and its RTT rises, so the adaptive control lowers the JPEG quality;
 * when the link is fast again, the quality climbs back.
 */
class AdaptiveQualityLoopbackTest {

    @Test
    void qualityFollowsTheLinkDownAndBackUp() {
        AtomicBoolean slowLink = new AtomicBoolean(true);
        SessionListener slowReader = new SessionListener() {
            @Override
            public void onVideo(Session session, VideoMessage frame) {
                if (slowLink.get()) {
                    LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
                }
            }
        };
        RecordingDisplay display = new RecordingDisplay(100);
        // Default heartbeats (5 s): this receiver's held event loop also delays its own PINGs, which a
        // real slow network would not, so shorter intervals would declare the link dead.
        try (DirectListener receiver = DirectPeer.builder().nickname("slow").listener(slowReader)
                .listen("127.0.0.1", 0)) {
            VideoOptions options = VideoOptions.builder().connect("127.0.0.1", receiver.localAddress().getPort())
                    .nickname("sender").size(640, 480).fps(30).quality(90).build();
            VideoCall sender = VideoCall.builder(options).source(new SyntheticSource(640, 480, 30, "sender"))
                    .display(display).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> sender.stats().settings().quality() < 90);
                EncodeSettings lowered = sender.stats().settings();
                System.out.println("Slow link, " + (int) sender.stats().elapsedSeconds() + " s: compression lowered to "
                        + lowered.describe() + " after " + sender.summary().droppedSend()
                        + " frames dropped for backpressure");
                assertThat(sender.summary().droppedSend()).isPositive();

                slowLink.set(false);
                // It may step down a little more while the backlog drains, then it must climb.
                AtomicReference<EncodeSettings> lowest = new AtomicReference<>(lowered);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    EncodeSettings now = sender.stats().settings();
                    if (isHigher(lowest.get(), now)) {
                        lowest.set(now);
                    }
                    return isHigher(now, lowest.get());
                });
                System.out.println("Fast link again, " + (int) sender.stats().elapsedSeconds()
                        + " s: compression raised from " + lowest.get().describe() + " to "
                        + sender.stats().settings().describe());
                assertThat(display.snapshots).anySatisfy(s -> assertThat(s.settings().quality()).isLessThan(90));
            } finally {
                sender.close();
            }
        }
    }

    private static boolean isHigher(EncodeSettings now, EncodeSettings before) {
        return now.scale() > before.scale() || (now.scale() == before.scale() && now.quality() > before.quality());
    }
}
