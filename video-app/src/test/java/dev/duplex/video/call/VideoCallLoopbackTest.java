package dev.duplex.video.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.stats.CallSummary;
import dev.duplex.video.testkit.RecordingDisplay.Shown;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.VideoThreads;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoCallLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void twoPeersSendSyntheticVideoBothWaysAtOnce() {
        RecordingDisplay bobSees = new RecordingDisplay(2_000);
        RecordingDisplay aliceSees = new RecordingDisplay(2_000);
        VideoOptions bobOptions = VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob")
                .source(SourceSpec.synthetic()).size(320, 240).fps(20).adaptive(false).build();
        VideoCall bob = VideoCall.builder(bobOptions).source(new SyntheticSource(320, 240, 20, "bob"))
                .display(bobSees).start();
        VideoCall alice = null;
        try {
            assertThat(bob.addresses()).containsExactly("127.0.0.1:" + bob.listeningPort());
            VideoOptions aliceOptions = VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                    .nickname("alice").size(320, 240).fps(20).adaptive(false).build();
            alice = VideoCall.builder(aliceOptions).source(new SyntheticSource(320, 240, 20, "alice"))
                    .display(aliceSees).start();

            await().atMost(WAIT).until(() -> bobSees.from("alice").size() >= 30 && aliceSees.from("bob").size() >= 30);

            assertArrivedInOrderAtTheRightSize(bobSees.from("alice"), offered(alice));
            assertArrivedInOrderAtTheRightSize(aliceSees.from("bob"), offered(bob));
            assertThat(bobSees.frames).allMatch(f -> f.sender().equals("alice"));
        } finally {
            if (alice != null) {
                alice.close();
            }
            bob.close();
        }
        CallSummary bobSummary = bob.summary();
        assertThat(bobSummary.sent()).isGreaterThanOrEqualTo(30);
        assertThat(bobSummary.received()).isGreaterThanOrEqualTo(30);
        assertThat(bobSummary.latency().count()).isGreaterThanOrEqualTo(30);
        assertThat(bobSummary.latency().p99Ms()).isLessThan(1_000);
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void aSlowReceiverHoldsTheSendersEncoderInsteadOfWastingItsEncodes() {
        // bob decodes at most 20 frames a second (50 ms each); alice captures 60 a second.
        dev.duplex.video.pipeline.JpegFrameDecoder jpeg = new dev.duplex.video.pipeline.JpegFrameDecoder();
        dev.duplex.video.pipeline.FrameDecoder slow = message -> {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            return jpeg.decode(message);
        };
        RecordingDisplay bobSees = new RecordingDisplay(2_000);
        VideoOptions bobOptions = VideoOptions.builder().listen("127.0.0.1", 0).nickname("bob")
                .size(160, 120).fps(5).adaptive(false).build();
        VideoCall bob = VideoCall.builder(bobOptions).source(new SyntheticSource(160, 120, 5, "bob"))
                .display(bobSees).decoder(slow).start();
        VideoCall alice = null;
        try {
            VideoOptions aliceOptions = VideoOptions.builder().connect("127.0.0.1", bob.listeningPort())
                    .nickname("alice").size(320, 240).fps(60).adaptive(false).build();
            alice = VideoCall.builder(aliceOptions).source(new SyntheticSource(320, 240, 60, "alice"))
                    .display(new RecordingDisplay(10)).start();
            await().atMost(WAIT).until(() -> bobSees.from("alice").size() >= 30);
        } finally {
            if (alice != null) {
                alice.close();
            }
            bob.close();
        }
        long offered = offered(alice);
        long decoded = bob.stats().decoded.sum();
        long replaced = bob.stats().droppedReceive.sum();
        // Every frame alice encoded and sent was decoded by bob, but for the window's 2 in flight
        // (and any alice's session replaced before it left): encoding tracks bob's decoding.
        assertThat(offered).isLessThanOrEqualTo(decoded + replaced + 2);
        assertThat(replaced).as("encoded for nothing").isLessThanOrEqualTo(decoded / 10 + 2);
        // alice kept capturing at 60 fps; the frames it did not encode were replaced in its capture slot.
        assertThat(alice.stats().droppedCapture.sum()).isGreaterThan(offered);
        assertThat(VideoThreads.alive()).isEmpty();
    }

    /** Frames the sender handed to its session: core numbers them 1, 2, 3... in that order. */
    private static long offered(VideoCall call) {
        return call.stats().encoded.sum() - call.stats().notConnected.sum() - call.stats().oversize.sum();
    }

    private static void assertArrivedInOrderAtTheRightSize(List<Shown> shown, long offeredBySender) {
        assertThat(shown.get(0).sequence()).isGreaterThanOrEqualTo(1);
        for (int i = 1; i < shown.size(); i++) {
            assertThat(shown.get(i).sequence()).isGreaterThan(shown.get(i - 1).sequence());
        }
        assertThat(shown.get(shown.size() - 1).sequence()).isLessThanOrEqualTo(offeredBySender);
        assertThat(shown).allSatisfy(f -> {
            assertThat(f.imageWidth()).isEqualTo(320);
            assertThat(f.imageHeight()).isEqualTo(240);
            assertThat(f.messageWidth()).isEqualTo(320);
            assertThat(f.messageHeight()).isEqualTo(240);
        });
    }

    @Test
    void everyoneInARelayRoomSeesEveryoneElse() {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).build().start()) {
            List<String> names = List.of("ann", "ben", "cat");
            List<RecordingDisplay> displays = names.stream().map(n -> new RecordingDisplay(1_000)).toList();
            VideoCall[] calls = new VideoCall[names.size()];
            try {
                for (int i = 0; i < names.size(); i++) {
                    VideoOptions options = VideoOptions.builder().relay("127.0.0.1", relay.port())
                            .nickname(names.get(i)).room("grid").size(160, 120).fps(15).build();
                    calls[i] = VideoCall.builder(options).source(new SyntheticSource(160, 120, 15, names.get(i)))
                            .display(displays.get(i)).start();
                }
                await().atMost(WAIT).until(() -> {
                    for (int i = 0; i < names.size(); i++) {
                        for (String other : names) {
                            if (!other.equals(names.get(i)) && displays.get(i).from(other).size() < 5) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
                for (int i = 0; i < names.size(); i++) {
                    assertThat(displays.get(i).from(names.get(i))).as("nobody sees their own video back").isEmpty();
                }
            } finally {
                for (VideoCall call : calls) {
                    if (call != null) {
                        call.close();
                    }
                }
            }
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void cannotConnectFailsWithASentenceAndLeavesNothingRunning() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        VideoOptions options = VideoOptions.builder().connect("127.0.0.1", closedPort).nickname("alice").build();
        SyntheticSource source = new SyntheticSource(160, 120, 15, "alice");

        assertThatThrownBy(() -> VideoCall.builder(options).source(source).display(new RecordingDisplay(1)).start())
                .isInstanceOf(DuplexException.class)
                .hasMessage("Cannot reach 127.0.0.1:" + closedPort + " — is the other side listening?");
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void aCallStartsFromItsStartBudgetOrWithoutOneFromTheBestPicture() {
        VideoOptions budgeted = VideoOptions.builder().listen("127.0.0.1", 0).nickname("solo").size(640, 480).build();
        try (VideoCall call = VideoCall.builder(budgeted).source(new SyntheticSource(640, 480, 15, "solo"))
                .display(new RecordingDisplay(1)).start()) {
            // 650 kbit/s carries 20 pictures a second only smaller than 640x480 q90.
            assertThat(call.stats().settings().scale()).isLessThan(1.0);
        }
        VideoOptions none = budgeted.toBuilder().startKbps(0).build();
        try (VideoCall call = VideoCall.builder(none).source(new SyntheticSource(640, 480, 15, "solo"))
                .display(new RecordingDisplay(1)).start()) {
            assertThat(call.stats().settings()).isEqualTo(new EncodeSettings(90, 1.0, 0));
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void closingTwiceIsHarmless() {
        VideoOptions options = VideoOptions.builder().listen("127.0.0.1", 0).nickname("solo").build();
        VideoCall call = VideoCall.builder(options).source(new SyntheticSource(160, 120, 15, "solo"))
                .display(new RecordingDisplay(1)).start();
        await().atMost(WAIT).until(() -> call.stats().captured.sum() > 3);
        call.close();
        call.close();
        assertThat(call.isClosed()).isTrue();
        assertThat(call.session()).isNull();
        assertThat(call.summary().sent()).isZero();
        assertThat(call.stats().notConnected.sum()).isPositive();
        assertThat(VideoThreads.alive()).isEmpty();
    }
}
