package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.testing.RecordingListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A session with a reconnect policy survives its relay going away and coming back. */
class ReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void reconnectsAfterTheRelayRestartsAndGoesOnSending() throws Exception {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        int port = relay.port();
        RecordingListener aliceSees = new RecordingListener();
        Session alice = DuplexClient.builder().port(port).nickname("alice").listener(aliceSees)
                .reconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0.1, 0))
                .connect().join();
        try {
            relay.close();
            await().atMost(WAIT).until(() -> alice.state() == SessionState.RECONNECTING);
            CompletableFuture<Delivery> whileAway = alice.sendText("while away");
            assertThat(whileAway).as("waits in the outbox, pending").isNotDone();

            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).build().start();
            await().atMost(WAIT).until(() -> alice.state() == SessionState.CONNECTED);
            assertThat(aliceSees.states).containsSubsequence(SessionState.CONNECTED, SessionState.RECONNECTING,
                    SessionState.CONNECTED);
            assertThat(whileAway.get(10, TimeUnit.SECONDS).roomSequence()).as("sent on reconnection").isEqualTo(1);
            assertThat(alice.sendText("back again").join().roomSequence()).isEqualTo(2);
        } finally {
            alice.close();
            relay.close();
        }
    }

    @Test
    void givesUpAfterMaxAttempts() {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        RecordingListener seen = new RecordingListener();
        Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").listener(seen)
                .reconnect(new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(40), 0, 3))
                .connect().join();
        relay.close();
        await().atMost(WAIT).until(() -> alice.state() == SessionState.CLOSED);
        assertThat(seen.reasons.get(seen.reasons.size() - 1)).contains("Gave up reconnecting").contains("3 attempts");
        assertThat(alice.closeFuture()).isCompleted();
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), 0, 0);
        assertThat(p.delayBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delayBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayBefore(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.delayBefore(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(p.delayBefore(60)).isEqualTo(Duration.ofMillis(1000));
        ReconnectPolicy jittered = new ReconnectPolicy(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.2, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(jittered.delayBefore(1).toMillis()).isBetween(800L, 1200L);
        }
        assertThat(ReconnectPolicy.NEVER.allows(1)).isFalse();
    }
}
