package com.example.duplex;

import dev.duplex.core.Status;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's second example: a headless bot that joins a room, answers "ping" with "pong NAME",
 * and keeps doing so after its relay restarts.
 */
public final class PingBot {
    private static final Logger log = LoggerFactory.getLogger(PingBot.class);

    private PingBot() {
    }

    /** Joins {@code room} on the relay at {@code host:port}; close the session to stop the bot. */
    public static Session start(String host, int port, String room) {
        // README-bot:begin
        Session bot = DuplexClient.builder()
                .host(host).port(port).nickname("pingbot").room(room)
                .reconnect(ReconnectPolicy.exponentialBackoff())  // dial again when the relay goes away
                .listener(new SessionListener() {
                    @Override
                    public void onText(Session session, TextMessage message) {
                        // Runs on a Netty event loop: never block here (no join(), no I/O of your own).
                        if (message.replayed() || !message.body().equals("ping")) {
                            return;  // history from before we joined, or not for us
                        }
                        session.sendText("pong " + message.sender())  // returns at once
                                .exceptionally(failure -> {
                                    log.warn("No pong for {}: {}", message.sender(), failure.getMessage());
                                    return null;
                                });
                    }

                    @Override
                    public void onStateChanged(Session session, SessionState state, Status status) {
                        // RECONNECTING says why the connection was lost; CLOSED why the bot stopped.
                        log.info("{}: {} ({})", state, status.sentence(), status.kind());
                    }
                })
                .connect().join();  // a DuplexException if the relay cannot be reached
        // README-bot:end
        return bot;
    }

    /** {@code PingBot HOST PORT ROOM}: runs until the process is stopped. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("Usage: PingBot HOST PORT ROOM (for example: PingBot 127.0.0.1 24100 lobby)");
            System.exit(2);
        }
        start(args[0], Integer.parseInt(args[1]), args[2]).closeFuture().join();
    }
}
