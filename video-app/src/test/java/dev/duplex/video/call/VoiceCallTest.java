package dev.duplex.video.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.audio.AudioOptions;
import dev.duplex.video.audio.AudioSinkSpec;
import dev.duplex.video.audio.AudioSourceSpec;
import dev.duplex.video.audio.ToneSource;
import dev.duplex.video.audio.Tones;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.stats.CallSummary;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.RecordingSink;
import dev.duplex.video.testkit.VideoThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Voice alongside video, end to end over loopback: tones go in at one side and the samples that
 * come out of the other side's playout are checked for their frequency (Goertzel), both ways, in a
 * direct call and in a relay room of three.
 */
class VoiceCallTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Audible frames (20 ms each) examined: half a second. */
    private static final int HEARD = 25;

    private static VideoOptions.Builder options(String nick) {
        return VideoOptions.builder().nickname(nick).size(160, 120).fps(10).adaptive(false)
                .audio(AudioOptions.of(AudioSourceSpec.tone(440), AudioSinkSpec.none()));
    }

    private static VideoCall start(VideoOptions options, double toneHz, RecordingSink sink, RecordingDisplay display) {
        return VideoCall.builder(options).source(new SyntheticSource(160, 120, 10, options.nickname()))
                .audio(Optional.of(new ToneSource(toneHz)), sink).display(display).start();
    }

    /** The last half second a sink heard, once it has heard enough. */
    private static short[] heard(RecordingSink sink) {
        await().atMost(WAIT).until(() -> sink.audible() >= 2L * HEARD);
        List<short[]> frames = sink.lastHeard();
        return Tones.join(frames.subList(frames.size() - HEARD, frames.size()));
    }

    @Test
    void tonesCrossADirectCallBothWaysAtTheirFrequenciesWhileVideoRuns() {
        RecordingSink bobHears = new RecordingSink(HEARD);
        RecordingSink aliceHears = new RecordingSink(HEARD);
        RecordingDisplay bobSees = new RecordingDisplay(100);
        VideoCall bob = start(options("bob").listen("127.0.0.1", 0).build(), 440, bobHears, bobSees);
        VideoCall alice = null;
        try {
            alice = start(options("alice").connect("127.0.0.1", bob.listeningPort()).build(), 1000, aliceHears,
                    new RecordingDisplay(100));
            short[] atBob = heard(bobHears);
            short[] atAlice = heard(aliceHears);
            assertThat(Tones.power(atBob, 1000)).as("alice's 1 kHz at bob").isGreaterThan(0.002)
                    .isGreaterThan(30 * Tones.power(atBob, 440));
            assertThat(Tones.power(atAlice, 440)).as("bob's 440 Hz at alice").isGreaterThan(0.002)
                    .isGreaterThan(30 * Tones.power(atAlice, 1000));
            await().atMost(WAIT).until(() -> bobSees.from("alice").size() >= 5);
        } finally {
            if (alice != null) {
                alice.close();
            }
            bob.close();
        }
        CallSummary summary = bob.summary();
        assertThat(summary.audio().sent()).isPositive();
        assertThat(summary.audio().received()).isPositive();
        assertThat(summary.audio().latency().count()).isPositive();
        // Generous on a loaded machine; the real figures are `./duplex bench audio`'s.
        assertThat(summary.audio().latency().p50Ms()).isLessThan(1_000);
        assertThat(summary.line()).contains("audio_sent=", "audio_received=", "audio_latency_p50_ms=",
                "audio_latency_p99_ms=", "audio_concealed=");
        assertThat(bobHears.closed()).as("the call closes its sink").isTrue();
        assertThat(VideoThreads.alive()).isEmpty();
    }

    @Test
    void everyoneInARoomOfThreeHearsTheOtherTwoAndNotThemselves() {
        double[] tones = {440, 1000, 1500};
        List<String> names = List.of("ann", "ben", "cat");
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).build().start()) {
            List<RecordingSink> sinks = new ArrayList<>();
            List<VideoCall> calls = new ArrayList<>();
            try {
                for (int i = 0; i < names.size(); i++) {
                    RecordingSink sink = new RecordingSink(HEARD);
                    sinks.add(sink);
                    calls.add(start(options(names.get(i)).relay("127.0.0.1", relay.port()).room("voices").build(),
                            tones[i], sink, new RecordingDisplay(10)));
                }
                for (RecordingSink sink : sinks) {
                    heard(sink); // everyone has heard half a second...
                }
                // ...then all of them listen to the same latest half second, when everyone talks.
                for (int i = 0; i < names.size(); i++) {
                    short[] samples = heard(sinks.get(i));
                    double own = Tones.power(samples, tones[i]);
                    for (int other = 0; other < names.size(); other++) {
                        if (other != i) {
                            assertThat(Tones.power(samples, tones[other]))
                                    .as("%s hears %s's %s Hz", names.get(i), names.get(other), tones[other])
                                    .isGreaterThan(0.001).isGreaterThan(30 * own);
                        }
                    }
                }
            } finally {
                calls.forEach(VideoCall::close);
            }
            assertThat(relay.stats().audioRelayed()).isPositive();
        }
        assertThat(VideoThreads.alive()).isEmpty();
    }
}
