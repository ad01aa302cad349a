package dev.duplex.video.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.session.AudioMessage;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.video.testkit.RecordingSink;
import dev.duplex.video.testkit.VideoThreads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Packets dropped on purpose between a real connection and the receiving voice: the gaps are
 * rebuilt or concealed (counted), the tone is still heard at its frequency, and playout never stalls.
 */
class PacketLossTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TransportConfig AUDIO = TransportConfig.DEFAULT.toBuilder().audio(true).build();

    /** Passes packets on to {@code voice}, but drops every {@code every}-th, and two in a row every 50th. */
    private static SessionListener dropping(AudioCall voice, int every, AtomicLong dropped) {
        return new SessionListener() {
            @Override
            public void onAudio(Session session, AudioMessage packet) {
                long seq = packet.sequence();
                if (seq > 10 && (seq % every == 0 || seq % 50 == 1 || seq % 50 == 2)) {
                    dropped.incrementAndGet();
                    return;
                }
                voice.onAudio(session, packet);
            }
        };
    }

    @Test
    void droppedPacketsAreConcealedAndTheVoiceGoesOnAtItsFrequency() {
        RecordingSink bobHears = new RecordingSink(50);
        AudioCall bobVoice = AudioCall.create(Optional.empty(), bobHears, () -> null, 4);
        AtomicLong dropped = new AtomicLong();
        bobVoice.start();
        try (DirectListener bob = DirectPeer.builder().nickname("bob").config(AUDIO)
                .listener(dropping(bobVoice, 7, dropped)).listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(AUDIO)
                    .connect("127.0.0.1", bob.localAddress().getPort()).join();
            AudioCall aliceVoice = AudioCall.create(Optional.of(new ToneSource(1000)), new NullSink(), () -> alice, 4);
            aliceVoice.start();
            try {
                await().atMost(WAIT).until(() -> dropped.get() >= 20 && bobHears.audible() >= 100);
                long framesBefore = bobHears.frames();
                long playedBefore = bobVoice.voices().played();
                // Nothing stalls: the playout keeps its 50 frames a second and keeps playing packets.
                await().atMost(WAIT).until(() -> bobHears.frames() >= framesBefore + 50
                        && bobVoice.voices().played() >= playedBefore + 30);
            } finally {
                aliceVoice.close();
                alice.close();
            }
        } finally {
            bobVoice.close();
        }
        long concealed = bobVoice.voices().concealed();
        assertThat(concealed).as("every dropped packet's slot is rebuilt or concealed")
                .isGreaterThanOrEqualTo(dropped.get() - 5);
        List<short[]> last = bobHears.lastHeard();
        short[] samples = Tones.join(last);
        assertThat(Tones.power(samples, 1000)).isGreaterThan(0.002).isGreaterThan(30 * Tones.power(samples, 440));
        assertThat(VideoThreads.alive()).isEmpty();
    }
}
