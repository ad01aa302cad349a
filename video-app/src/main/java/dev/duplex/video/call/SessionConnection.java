package dev.duplex.video.call;

import dev.duplex.core.session.Session;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A call over one session: to a relay (which reconnects by itself), or to a direct peer. */
final class SessionConnection implements CallConnection {
    private final Session session;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile boolean closing;

    SessionConnection(Session session) {
        this.session = session;
        session.closeFuture().thenRun(() -> {
            if (!closing) {
                ended.complete("The connection to the " + (session.room().isEmpty() ? "peer" : "relay") + " ended.");
            }
        });
    }

    @Override
    public Session current() {
        return session;
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public List<String> addresses() {
        return List.of();
    }

    @Override
    public void close() {
        closing = true;
        session.close();
    }
}
