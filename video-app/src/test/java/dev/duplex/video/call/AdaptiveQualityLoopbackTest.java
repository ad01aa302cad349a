package dev.duplex.video.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.testkit.link.LinkEmulator;
import dev.duplex.testkit.link.LinkProfile;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.VideoThreads;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The adaptive control follows a link whose rate changes during a call (core's test
 * {@link LinkEmulator}): on a fast link it climbs to the best picture; when the link drops to
 * 300 kbit/s it lowers quality and size and paces the frames; when the link is fast again it
 * climbs back.
 */
class AdaptiveQualityLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final EncodeSettings BEST = new EncodeSettings(90, 1.0);

    @Test
    void qualityFollowsTheLinkDownAndBackUp() {
        RecordingDisplay display = new RecordingDisplay(100);
        VideoCall receiver = VideoCall.builder(VideoOptions.builder().listen("127.0.0.1", 0).nickname("receiver")
                        .size(320, 240).fps(20).build())
                .source(new SyntheticSource(320, 240, 20, "receiver")).display(new RecordingDisplay(10)).start();
        try (LinkEmulator link = LinkEmulator.builder().target(receiver.listeningPort())
                .both(LinkProfile.builder().delay(Duration.ofMillis(10)).build()).start()) {
            VideoCall sender = VideoCall.builder(VideoOptions.builder().connect("127.0.0.1", link.port())
                            .nickname("sender").size(320, 240).fps(20).build())
                    .source(new SyntheticSource(320, 240, 20, "sender")).display(display).start();
            try {
                await().atMost(WAIT).until(() -> isBest(sender.stats().settings()));
                System.out.println("Fast link, " + (int) sender.stats().elapsedSeconds() + " s: "
                        + sender.stats().settings().describe());

                link.both(LinkProfile.of(300, 10));
                await().atMost(WAIT).until(() -> sender.stats().settings().scale() < 1.0);
                EncodeSettings lowered = sender.stats().settings();
                System.out.println("300 kbit/s, " + (int) sender.stats().elapsedSeconds() + " s: " + lowered.describe());
                assertThat(lowered.quality()).isLessThan(BEST.quality());

                link.both(LinkProfile.builder().delay(Duration.ofMillis(10)).build());
                await().atMost(WAIT).until(() -> isBest(sender.stats().settings()));
                System.out.println("Fast again, " + (int) sender.stats().elapsedSeconds() + " s: "
                        + sender.stats().settings().describe());
                assertThat(display.snapshots).anySatisfy(s -> assertThat(s.settings().scale()).isLessThan(1.0));
                assertThat(link.accepted()).as("no reconnect").isEqualTo(1);
            } finally {
                sender.close();
            }
        } finally {
            receiver.close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    private static boolean isBest(EncodeSettings s) {
        return s.quality() == BEST.quality() && s.scale() == BEST.scale() && s.maxFps() == 0;
    }
}
