package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.session.Delivery;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RecordingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayLoopbackTest {

    @Test
    void twoClientsExchangeTextAndVideo() {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).build().start()) {
            RecordingListener aliceSees = new RecordingListener();
            RecordingListener bobSees = new RecordingListener();
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("r1")
                    .listener(aliceSees).connect().join();
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r1")
                    .listener(bobSees).connect().join();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> alice.participants().contains("bob"));
                Delivery d = alice.sendText("안녕 bob 👋").join();
                assertThat(d.roomSequence()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> bobSees.texts.size() == 1);
                assertThat(bobSees.texts.get(0).body()).isEqualTo("안녕 bob 👋");
                assertThat(bobSees.texts.get(0).sender()).isEqualTo("alice");
                assertThat(bob.stats().bytesReceived()).as("UTF-8 bytes of the body, not characters")
                        .isEqualTo("안녕 bob 👋".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

                byte[] jpeg = new byte[50_000];
                jpeg[0] = (byte) 0xFF;
                assertThat(bob.sendVideo(640, 480, 123, jpeg)).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> aliceSees.videos.size() == 1);
                assertThat(aliceSees.videos.get(0).jpeg()).isEqualTo(jpeg);
                assertThat(aliceSees.videos.get(0).sender()).isEqualTo("bob");
            } finally {
                alice.close();
                bob.close();
            }
        }
    }
}
