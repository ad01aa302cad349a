package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.Clock;
import dev.duplex.core.transport.TransportConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Voice between direct peers: negotiated by the audio capability, both ways, never to a side without it. */
class DirectAudioTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TransportConfig AUDIO = TransportConfig.DEFAULT.toBuilder().audio(true).build();

    @Test
    void peersThatBothTakeAudioExchangePacketsInOrderWithTheirCaptureTimes() {
        RecordingListener bobHears = new RecordingListener();
        RecordingListener aliceHears = new RecordingListener();
        try (DirectListener bobListening = DirectPeer.builder().nickname("bob").config(AUDIO).listener(bobHears)
                .listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(AUDIO).listener(aliceHears)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            Session bob = bobListening.firstSession().join();
            try {
                await().atMost(WAIT).until(() -> bob.audioNegotiated() && alice.audioNegotiated());
                long t0 = Clock.nowMicros();
                for (int i = 0; i < 5; i++) {
                    assertThat(alice.sendAudio(t0 + i * 20_000L, new byte[] {0x78, (byte) i})).isTrue();
                }
                assertThat(bob.sendAudio(t0, new byte[] {0x78, 42})).isTrue();
                await().atMost(WAIT).until(() -> bobHears.audios.size() == 5 && aliceHears.audios.size() == 1);
                assertThat(bobHears.audios).extracting(AudioMessage::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(bobHears.audios).extracting(AudioMessage::sender).containsOnly("alice");
                assertThat(bobHears.audios.get(3).opus()).containsExactly(0x78, 3);
                // One machine: the converted capture time is the one sent, give or take the offset estimate.
                assertThat(bobHears.audios.get(1).captureTimeMicros()).isCloseTo(t0 + 20_000L,
                        within(50_000L));
                assertThat(aliceHears.audios.get(0).sender()).isEqualTo("bob");
                await().atMost(WAIT).until(() -> alice.stats().audioSent() == 5);
                assertThat(bob.stats().audioReceived()).isEqualTo(5);
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void noAudioFlowsWhenOneSideDidNotAskForIt() {
        RecordingListener bobHears = new RecordingListener();
        RecordingListener aliceHears = new RecordingListener();
        try (DirectListener bobListening = DirectPeer.builder().nickname("bob").listener(bobHears)
                .listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(AUDIO).listener(aliceHears)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            Session bob = bobListening.firstSession().join();
            try {
                assertThat(alice.audioNegotiated()).as("bob did not advertise audio").isFalse();
                assertThat(bob.audioNegotiated()).as("bob has audio off").isFalse();
                assertThat(alice.sendAudio(Clock.nowMicros(), new byte[] {0x78})).isFalse();
                assertThat(bob.sendAudio(Clock.nowMicros(), new byte[] {0x78})).isFalse();
                // A text sent after shows the connection delivered everything before it: still no audio.
                alice.sendText("after").join();
                await().atMost(WAIT).until(() -> bobHears.texts.size() == 1);
                assertThat(bobHears.audios).isEmpty();
                assertThat(aliceHears.audios).isEmpty();
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void theLectureVideoFormatStaysVideoOnly() {
        try (DirectListener bobListening = DirectPeer.builder().nickname("bob").config(AUDIO)
                .wireFormat(WireFormat.LECTURE_VIDEO).listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(AUDIO).wireFormat(WireFormat.LECTURE_VIDEO)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            try {
                assertThat(alice.audioNegotiated()).isFalse();
                assertThat(alice.sendAudio(Clock.nowMicros(), new byte[] {0x78})).isFalse();
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void aPacketOverTheAudioLimitIsRefusedWithASentence() {
        try (DirectListener bobListening = DirectPeer.builder().nickname("bob").config(AUDIO).listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(AUDIO)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            try {
                assertThatThrownBy(() -> alice.sendAudio(0, new byte[AUDIO.frameLimits().maxAudioPayload()]))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower the bitrate");
            } finally {
                alice.close();
            }
        }
    }
}
