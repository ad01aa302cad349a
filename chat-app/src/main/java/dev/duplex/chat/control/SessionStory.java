package dev.duplex.chat.control;

import dev.duplex.core.Status;
import dev.duplex.core.session.SessionError;
import java.util.Optional;

/**
 * What the chat knows about its current session (in listen mode: about the current peer's), in one
 * place: whether it ever connected (until then a failed start reports itself), whether it has
 * reconnected, the last error shown, and the peer announced in direct mode. And the one decision
 * built on that: what to say when the session closes ({@link #closed}), taken from the close's typed
 * {@link Status}, never from its sentence. Written on the session's event loop; read from the EDT.
 */
final class SessionStory {

    /**
     * What to say about a closed session.
     *
     * @param peerLeft      the peer to announce as gone (direct mode), if any
     * @param notice        the reason, as a notice (the session simply ended), if it is to be said
     * @param error         the reason, as an error, if it is to be said
     * @param ended         false while there is nothing to report (never connected: the start reports it)
     * @param endedByPeer   the session ended without an error (a direct peer that left): a normal end
     */
    record Farewell(Optional<String> peerLeft, Optional<String> notice, Optional<String> error, boolean ended,
                    boolean endedByPeer) {
        static final Farewell NOTHING = new Farewell(Optional.empty(), Optional.empty(), Optional.empty(), false, false);
    }

    private volatile boolean everConnected;
    private volatile boolean reconnected;
    private volatile SessionError lastError;
    private volatile String peer;

    /** The session (re)connected. */
    void connected() {
        everConnected = true;
        lastError = null;
        peer = null;
    }

    /** True once the session has been connected (errors before that belong to the failed start). */
    boolean everConnected() {
        return everConnected;
    }

    /** The session lost its connection and is trying again. */
    void reconnecting() {
        reconnected = true;
    }

    /** True once the session has had to reconnect: the next connection is a reconnection. */
    boolean reconnected() {
        return reconnected;
    }

    /** An error was shown to the person. */
    void reported(SessionError error) {
        lastError = error;
    }

    /** The last error shown since the session last connected, or null. */
    SessionError lastError() {
        return lastError;
    }

    /** The direct peer was announced as present. */
    void peerJoined(String name) {
        peer = name;
    }

    /** The peer announced, or null. */
    String peer() {
        return peer;
    }

    /**
     * The session closed for {@code status}: what to say. In listen mode the story starts over for the
     * next peer.
     *
     * @param listening the chat waits for peers (direct listen mode)
     * @param direct    the chat called one peer directly (no relay)
     */
    Farewell closed(Status status, boolean listening, boolean direct) {
        SessionError error = lastError;
        // The close is that error, already shown when it came (errors are shown once connected, or while listening).
        boolean shown = error != null && (listening || everConnected)
                && status.errorCode().equals(Optional.ofNullable(error.code()));
        Optional<String> left = Optional.ofNullable(peer);
        if (listening) {
            boolean say = everConnected && !shown && !status.is(Status.Kind.PEER_CLOSED);
            Farewell farewell = new Farewell(left, say ? Optional.of(status.sentence()) : Optional.empty(),
                    Optional.empty(), true, error == null);
            peer = null;
            everConnected = false;
            lastError = null;
            return farewell;
        }
        if (!everConnected) {
            return Farewell.NOTHING;
        }
        boolean byPeer = error == null && direct;
        // "X left" already says that the peer closed the connection.
        Optional<String> said = shown || (byPeer && status.is(Status.Kind.PEER_CLOSED)) ? Optional.empty()
                : Optional.of(status.sentence());
        return new Farewell(left, byPeer ? said : Optional.empty(), byPeer ? Optional.empty() : said, true, byPeer);
    }
}
