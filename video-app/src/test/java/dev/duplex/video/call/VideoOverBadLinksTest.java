package dev.duplex.video.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.testkit.link.LinkEmulator;
import dev.duplex.testkit.link.LinkProfile;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.RecordingDisplay.Shown;
import dev.duplex.video.testkit.VideoThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls over emulated bad links (core's test {@link LinkEmulator}): the adaptive control shrinks
 * the picture and paces it to a slow link so that latency stays bounded; a stall of a few seconds
 * neither ends the call nor leaves it behind; a slow receiver in a relay room gets fewer frames
 * while the others keep theirs. The bounds here leave room for a loaded 2-core machine (several
 * times the measured figures); {@code ./duplex bench video-link} measures the targets themselves.
 */
@Timeout(120)
class VideoOverBadLinksTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void aDirectCallOverA500kbitLinkShrinksItsPictureAndKeepsLatencyBounded() {
        RecordingDisplay bobSees = new RecordingDisplay(5_000);
        VideoCall bob = call(VideoOptions.builder().listen("127.0.0.1", 0), "bob", 640, 480, 30, bobSees);
        LinkEmulator link = link(bob.listeningPort(), LinkProfile.of(500, 50));
        VideoCall alice = call(VideoOptions.builder().connect("127.0.0.1", link.port()), "alice", 640, 480, 30,
                new RecordingDisplay(10));
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        // Pictures keep coming after the control has settled: 20 frames from second 6 on.
        await().atMost(WAIT).until(() -> bobSees.from("alice", settled).size() >= 20);
        List<Shown> late = bobSees.from("alice", settled);
        // 640x480 at q90 (about 45 KB) would take 0.7 s a frame on this link.
        assertThat(late).allSatisfy(f -> assertThat(f.imageWidth()).isLessThan(640));
        assertThat(alice.stats().settings().scale()).isLessThan(1.0);
        assertThat(RecordingDisplay.maxLatencyMillis(late)).as("latency once settled (target: p99 < 400 ms)")
                .isLessThan(1_500);
        assertThat(link.accepted()).isEqualTo(1);
    }

    @Test
    void aRelayCallSurvivesAThreeSecondStallAndCatchesUp() throws Exception {
        RelayServer relay = relay();
        LinkProfile twoMbit = LinkProfile.of(2000, 50);
        LinkEmulator aliceLink = link(relay.port(), twoMbit);
        LinkEmulator bobLink = link(relay.port(), twoMbit);
        RecordingDisplay bobSees = new RecordingDisplay(5_000);
        call(VideoOptions.builder().relay("127.0.0.1", bobLink.port()).room("stall"), "bob", 320, 240, 20, bobSees);
        call(VideoOptions.builder().relay("127.0.0.1", aliceLink.port()).room("stall"), "alice", 320, 240, 20,
                new RecordingDisplay(10));
        await().atMost(WAIT).until(() -> bobSees.from("alice").size() >= 40);

        aliceLink.stall(Duration.ofSeconds(3));
        long stallEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        // Fresh pictures again soon after the link is back (target: within 1 s).
        await().atMost(WAIT).until(() -> bobSees.from("alice", stallEnd).stream()
                .anyMatch(f -> f.latencyMicros() < 400_000));
        Shown fresh = bobSees.from("alice", stallEnd).stream().filter(f -> f.latencyMicros() < 400_000).findFirst()
                .orElseThrow();
        assertThat((fresh.atNanos() - stallEnd) / 1e6).as("ms from the stall's end to a fresh picture")
                .isLessThan(4_000);
        assertThat(aliceLink.accepted()).as("the stall ended no connection").isEqualTo(1);
        assertThat(bobLink.accepted()).isEqualTo(1);
    }

    @Test
    void aSlowReceiverInARoomGetsFewerFramesWhileTheOthersKeepTheirs() throws Exception {
        RelayServer relay = relay();
        LinkProfile fast = LinkProfile.builder().delay(Duration.ofMillis(10)).build();
        RecordingDisplay bobSees = new RecordingDisplay(5_000);
        RecordingDisplay carolSees = new RecordingDisplay(5_000);
        call(VideoOptions.builder().relay("127.0.0.1", link(relay.port(), fast).port()).room("slow"), "alice", 320,
                240, 20, new RecordingDisplay(10));
        call(VideoOptions.builder().relay("127.0.0.1", link(relay.port(), fast).port()).room("slow"), "bob", 320,
                240, 20, bobSees);
        await().atMost(WAIT).until(() -> bobSees.from("alice").size() >= 20);
        call(VideoOptions.builder().relay("127.0.0.1", link(relay.port(), LinkProfile.of(150, 50)).port())
                .room("slow"), "carol", 320, 240, 20, carolSees);
        await().atMost(WAIT).until(() -> !carolSees.from("alice").isEmpty());
        long from = System.nanoTime();
        await().atMost(WAIT).until(() -> carolSees.from("alice", from).size() >= 2
                && bobSees.from("alice", from).size() >= 40);
        long to = System.nanoTime();
        int bobGot = bobSees.from("alice", from).size();
        int carolGot = (int) carolSees.from("alice", from).stream().filter(f -> f.atNanos() - to <= 0).count();
        assertThat(bobGot).as("bob's frames against carol's %d", carolGot).isGreaterThan(3 * carolGot);
        assertThat(relay.stats().videoDropped()).as("the relay dropped frames on the way to carol").isPositive();
    }

    private VideoCall call(VideoOptions.Builder options, String name, int width, int height, int fps,
                           RecordingDisplay display) {
        VideoCall call = VideoCall.builder(options.nickname(name).size(width, height).fps(fps).build())
                .source(new SyntheticSource(width, height, fps, name)).display(display).start();
        open.add(call);
        return call;
    }

    private LinkEmulator link(int port, LinkProfile profile) {
        LinkEmulator link = LinkEmulator.builder().target(port).both(profile).start();
        open.add(link);
        return link;
    }

    private RelayServer relay() {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        open.add(relay);
        return relay;
    }
}
