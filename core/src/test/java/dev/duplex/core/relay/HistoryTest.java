package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.testing.RecordingListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay's history as clients see it: recent messages on joining, missed ones on returning. */
class HistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0, 0);

    @Test
    void newcomerGetsTheRecentHistoryInOrder() {
        HistoryConfig config = new HistoryConfig(100, Duration.ofDays(1), 100, 3, 1000, 64);
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).historyConfig(config).build().start()) {
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").connect().join();
            for (int i = 1; i <= 5; i++) {
                alice.sendText("m" + i).join();
            }
            RecordingListener bobSees = new RecordingListener();
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobSees).connect().join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 3);
            assertThat(bobSees.texts).extracting(TextMessage::body).containsExactly("m3", "m4", "m5");
            assertThat(bobSees.texts).extracting(TextMessage::roomSequence).containsExactly(3L, 4L, 5L);
            alice.sendText("live").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 4);
            assertThat(bobSees.texts.get(3).body()).isEqualTo("live");
            alice.close();
            bob.close();
        }
    }

    @Test
    void returningClientGetsWhatItMissedOnceAndSurvivesARelayRestart(@TempDir Path dir) {
        Path db = dir.resolve("relay.db");
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).historyFile(db).build().start();
        int port = relay.port();
        RecordingListener bobSees = new RecordingListener();
        Session bob = DuplexClient.builder().port(port).nickname("bob").listener(bobSees).reconnect(FAST)
                .connect().join();
        Session alice = DuplexClient.builder().port(port).nickname("alice").reconnect(FAST).connect().join();
        try {
            alice.sendText("before").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 1);

            relay.close();
            await().atMost(WAIT).until(() -> bob.state() == SessionState.RECONNECTING
                    && alice.state() == SessionState.RECONNECTING);
            var whileDown = alice.sendText("sent while the relay was down");
            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).historyFile(db).build().start();

            assertThat(whileDown.join().roomSequence()).isEqualTo(2);
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 2);
            alice.sendText("after").join();
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 3);
            assertThat(bobSees.bodies()).containsExactly("before", "sent while the relay was down", "after");
            assertThat(relay.history().messages("lobby")).hasSize(3);
        } finally {
            alice.close();
            bob.close();
            relay.close();
        }
    }

    /**
     * A history that cannot be read when a member joins does not make the member live as if it had
     * caught up (it would never get what it missed): the relay says so and ends the connection, and
     * the member gets the history once it can be read again.
     */
    @Test
    void aHistoryThatCannotBeReadIsAnErrorAndTheReplayComesOnceItCanBe(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("relay.db");
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).historyFile(db).build().start()) {
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").connect().join();
            for (int i = 1; i <= 3; i++) {
                alice.sendText("m" + i).join();
            }
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement statement = sql.createStatement()) {
                statement.execute("ALTER TABLE messages RENAME TO hidden");
                RecordingListener bobSees = new RecordingListener();
                Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobSees)
                        .reconnect(FAST).connect().join();
                // The error ends the connection: it is the reason bob reconnects.
                await().atMost(WAIT).until(() -> bobSees.statuses.stream()
                        .anyMatch(status -> status.errorCode().equals(Optional.of(ErrorCode.CAPACITY_EXCEEDED))));
                assertThat(bobSees.reasons).anyMatch(reason -> reason.contains("could not read this room's history"));
                assertThat(bobSees.texts).isEmpty();

                statement.execute("ALTER TABLE hidden RENAME TO messages");
                await().atMost(WAIT).until(() -> bobSees.texts.size() == 3);
                assertThat(bobSees.bodies()).containsExactly("m1", "m2", "m3");
                bob.close();
            } finally {
                alice.close();
            }
        }
    }
}
