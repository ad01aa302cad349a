package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.session.AudioMessage;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.Clock;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.core.transport.TransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Voice through a relay room: forwarded as it came to the members that asked for it, and only to them. */
class RelayAudioTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TransportConfig AUDIO = TransportConfig.DEFAULT.toBuilder().audio(true).build();

    private EventLoops loops;
    private RelayServer relay;
    private final List<Session> sessions = new ArrayList<>();

    @BeforeEach
    void startRelay() {
        loops = EventLoops.create(2, "test-clients");
    }

    @AfterEach
    void stop() {
        sessions.forEach(Session::close);
        relay.close();
        loops.close();
    }

    private void startRelay(TransportConfig config) {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).config(config).build().start();
    }

    private Session join(String nick, TransportConfig config, RecordingListener listener) {
        Session s = DuplexClient.builder().port(relay.port()).nickname(nick).room("call").listener(listener)
                .config(config).eventLoops(loops).connect().join();
        sessions.add(s);
        return s;
    }

    @Test
    void audioReachesOnlyTheOtherMembersThatAskedForItWithItsBytesUntouched() {
        startRelay(TransportConfig.DEFAULT);
        RecordingListener aliceHears = new RecordingListener();
        RecordingListener bobHears = new RecordingListener();
        RecordingListener carolHears = new RecordingListener();
        Session alice = join("alice", AUDIO, aliceHears);
        Session bob = join("bob", AUDIO, bobHears);
        Session carol = join("carol", TransportConfig.DEFAULT, carolHears); // video and text only
        await().atMost(WAIT).until(() -> alice.participants().size() == 3);

        assertThat(alice.audioNegotiated()).as("the relay takes audio").isTrue();
        assertThat(carol.audioNegotiated()).isFalse();
        assertThat(carol.sendAudio(Clock.nowMicros(), new byte[] {1})).isFalse();
        long t0 = Clock.nowMicros();
        for (int i = 0; i < 10; i++) {
            // Not Opus at all: the relay must forward the bytes without looking into them.
            assertThat(alice.sendAudio(t0 + i * 20_000L, new byte[] {(byte) 0xFF, (byte) i, 0, (byte) 0xFE})).isTrue();
        }
        // A video after the audio, on the same path: once carol has it, any audio for her would have come first.
        alice.sendVideo(2, 2, t0, new byte[] {1, 2, 3});
        await().atMost(WAIT).until(() -> bobHears.audios.size() == 10 && carolHears.videos.size() == 1
                && bobHears.videos.size() == 1);
        assertThat(bobHears.audios).extracting(AudioMessage::sender).containsOnly("alice");
        assertThat(bobHears.audios).extracting(AudioMessage::sequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(bobHears.audios.get(7).opus()).containsExactly(0xFF, 7, 0, 0xFE);
        assertThat(carolHears.audios).as("carol did not ask for audio").isEmpty();
        assertThat(aliceHears.audios).as("no echo to the sender").isEmpty();
        assertThat(relay.stats().audioRelayed()).isEqualTo(10);
    }

    @Test
    void aPacketOverTheRelaysLimitIsDroppedAndTheSenderToldOnceWithoutLosingTheConnection() {
        startRelay(TransportConfig.DEFAULT.toBuilder()
                .frameLimits(FrameLimits.DEFAULT.withMaxAudioPayload(1600)).build());
        RecordingListener aliceHears = new RecordingListener();
        RecordingListener bobHears = new RecordingListener();
        Session alice = join("alice", AUDIO, aliceHears);
        join("bob", AUDIO, bobHears);
        await().atMost(WAIT).until(() -> alice.participants().size() == 2);

        alice.sendAudio(Clock.nowMicros(), new byte[2000]); // within alice's own limit, over the relay's
        alice.sendAudio(Clock.nowMicros(), new byte[2000]);
        alice.sendAudio(Clock.nowMicros(), new byte[] {0x78});
        await().atMost(WAIT).until(() -> bobHears.audios.size() == 1);
        assertThat(bobHears.audios.get(0).opus()).containsExactly(0x78);
        assertThat(aliceHears.errors).extracting(SessionError::code).containsExactly(ErrorCode.TOO_LARGE_TO_RELAY);
        assertThat(aliceHears.errors.get(0).message()).contains("lower the bitrate");
        assertThat(alice.audioNegotiated()).as("still connected").isTrue();
    }
}
