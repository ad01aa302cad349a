package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.testing.RecordingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client whose connection is cut resumes where it was: nothing missed, nothing twice. */
class ResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofMillis(200), 0, 0);

    @Test
    void cutConnectionResumesWithTheMissedMessagesOnce() {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start()) {
            RecordingListener bobSees = new RecordingListener();
            ConnectionSession bob = (ConnectionSession) DuplexClient.builder().port(relay.port()).nickname("bob")
                    .listener(bobSees).reconnect(FAST).connect().join();
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").connect().join();
            alice.sendText("1").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 1);

            bob.dropConnection();
            alice.sendText("2").join();
            alice.sendText("3").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 3 && bob.state() == SessionState.CONNECTED);
            alice.sendText("4").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 4);
            assertThat(bobSees.bodies()).containsExactly("1", "2", "3", "4");
            assertThat(bobSees.errors).isEmpty();
            alice.close();
            bob.close();
        }
    }

    @Test
    void aRelayRestartedWithANewHistoryIsFollowedFromItsFirstMessage() {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        int port = relay.port();
        RecordingListener bobSees = new RecordingListener();
        Session bob = DuplexClient.builder().port(port).nickname("bob").listener(bobSees).reconnect(FAST)
                .connect().join();
        try {
            Session alice = DuplexClient.builder().port(port).nickname("alice").connect().join();
            for (int i = 1; i <= 3; i++) {
                alice.sendText("old " + i).join();
            }
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 3);
            alice.close();

            // No history file: the new relay starts a new history (another epoch), numbered from 1 again.
            relay.close();
            await().atMost(WAIT).until(() -> bob.state() == SessionState.RECONNECTING);
            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).build().start();
            await().atMost(WAIT).until(() -> bob.state() == SessionState.CONNECTED);
            Session carol = DuplexClient.builder().port(port).nickname("carol").connect().join();
            carol.sendText("new 1").join();
            carol.sendText("new 2").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 5);
            assertThat(bobSees.bodies()).containsExactly("old 1", "old 2", "old 3", "new 1", "new 2");
            carol.close();
        } finally {
            bob.close();
            relay.close();
        }
    }

    @Test
    void hugeGapReplaysTheNewestWithANotice() {
        HistoryConfig config = new HistoryConfig(100, Duration.ofDays(1), 2, 0, 1000, 64);
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).historyConfig(config).build()
                .start()) {
            RecordingListener bobSees = new RecordingListener();
            ConnectionSession bob = (ConnectionSession) DuplexClient.builder().port(relay.port()).nickname("bob")
                    .listener(bobSees).reconnect(new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 0))
                    .connect().join();
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").connect().join();
            bob.dropConnection();
            await().atMost(WAIT).until(() -> alice.participants().size() == 1);
            for (int i = 1; i <= 5; i++) {
                alice.sendText("m" + i).join();
            }
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 2);
            assertThat(bobSees.bodies()).containsExactly("m4", "m5");
            assertThat(bobSees.errors).extracting(SessionError::code).containsExactly(ErrorCode.HISTORY_TRUNCATED);
            assertThat(bobSees.errors.get(0).message()).isEqualTo("You missed 5 messages while away; here are the newest 2.");
            assertThat(bob.state()).as("a notice, not a disconnect").isEqualTo(SessionState.CONNECTED);
            alice.close();
            bob.close();
        }
    }

    @Test
    void messageWhoseAckWasLostIsStoredAndShownOnce() {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start()) {
            RecordingListener bobSees = new RecordingListener();
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobSees).connect().join();
            ConnectionSession alice = (ConnectionSession) DuplexClient.builder().port(relay.port()).nickname("alice")
                    .reconnect(FAST).connect().join();
            // Written, then the connection is cut at once: the ACK may or may not arrive first.
            var delivery = alice.sendText("exactly once");
            alice.dropConnection();
            assertThat(delivery.join().roomSequence()).isEqualTo(1);
            alice.sendText("next").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 2);
            assertThat(bobSees.bodies()).containsExactly("exactly once", "next");
            assertThat(relay.history().messages("lobby")).hasSize(2);
            alice.close();
            bob.close();
        }
    }
}
