package com.example.duplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's second example answers in its room, and again after its relay was restarted. */
class PingBotTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void answersPingsBeforeAndAfterTheRelayRestarts() throws Exception {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        int port = relay.port();
        try (Session bot = PingBot.start("127.0.0.1", port, "lobby")) {
            assertThat(ping(port, "alice")).isEqualTo("pong alice");

            relay.close();
            await().atMost(WAIT).until(() -> bot.state() == SessionState.RECONNECTING);
            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).build().start();
            await().atMost(WAIT).until(() -> bot.state() == SessionState.CONNECTED);

            assertThat(ping(port, "bob")).isEqualTo("pong bob");
        } finally {
            relay.close();
        }
    }

    /** Joins the room as {@code nickname}, says "ping" and returns the bot's answer. */
    private static String ping(int port, String nickname) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try (Session person = DuplexClient.builder().host("127.0.0.1").port(port).nickname(nickname).room("lobby")
                .listener(new SessionListener() {
                    @Override
                    public void onText(Session session, TextMessage message) {
                        if (message.sender().equals("pingbot") && !message.replayed()) {
                            answer.complete(message.body());
                        }
                    }
                })
                .connect().join()) {
            person.sendText("ping").join();
            return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
