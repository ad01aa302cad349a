package dev.duplex.core.session;

import dev.duplex.core.Status;

/**
 * Receives what happens on a {@link Session}. Every method runs on the session's Netty event loop:
 * return quickly and never block; hand work to your own thread (a UI hops to its UI thread).
 * All methods have empty defaults.
 */
public interface SessionListener {
    /**
     * The session moved to {@code state}. {@code status} says why, with a kind for code to act on and
     * a sentence for people: for CONNECTED where to; for RECONNECTING why the connection was lost (the
     * session is dialling again under its {@link ReconnectPolicy}); for CLOSED why the session ended
     * (e.g. {@link Status.Kind#PEER_CLOSED} when the other side said goodbye, {@link Status.Kind#CANCELLED}
     * after {@link Session#close()}, {@link Status.Kind#REFUSED} with the other side's error code).
     */
    default void onStateChanged(Session session, SessionState state, Status status) {
    }

    /** A text arrived (live, or history the relay replays on joining: {@link TextMessage#replayed()}). */
    default void onText(Session session, TextMessage message) {
    }

    /** A video frame arrived; its JPEG is a copy this listener may keep. */
    default void onVideo(Session session, VideoMessage frame) {
    }

    /**
     * A packet of voice (only for a session with {@code TransportConfig.audio} on). Packets can arrive
     * late, out of order or not at all: hand them to a jitter buffer, never play them as they come.
     */
    default void onAudio(Session session, AudioMessage packet) {
    }

    /** Someone joined or left the room, or (on joining) who is there. */
    default void onPresence(Session session, PresenceEvent event) {
    }

    /**
     * Something to show a person: an ERROR from the other side (a notice such as history left out,
     * or the reason of a close that {@link #onStateChanged} then reports), a frame skipped as too
     * large, or a failure of the connection.
     */
    default void onError(Session session, SessionError error) {
    }
}
