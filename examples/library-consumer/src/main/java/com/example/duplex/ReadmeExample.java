package com.example.duplex;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.TextMessage;
import java.util.concurrent.CompletableFuture;

/** The README's first example: a relay and two clients in one room. */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    /** Runs the example and returns what bob received. */
    public static String run() {
        // README:begin
        try (RelayServer relay = RelayServer.builder().port(0).build().start()) {
            CompletableFuture<String> received = new CompletableFuture<>();
            Session bob = DuplexClient.builder()
                    .port(relay.port()).nickname("bob").room("lobby")
                    .listener(new SessionListener() {
                        @Override
                        public void onText(Session session, TextMessage message) {
                            received.complete(message.sender() + ": " + message.body());
                        }
                    })
                    .connect().join();
            Session alice = DuplexClient.builder()
                    .port(relay.port()).nickname("alice").room("lobby")
                    .connect().join();

            alice.sendText("안녕, bob!").join();   // completes when the relay acknowledges it
            System.out.println(received.join());  // alice: 안녕, bob!

            alice.close();
            bob.close();
            return received.join();
        }
        // README:end
    }

    public static void main(String[] args) {
        run();
    }
}
