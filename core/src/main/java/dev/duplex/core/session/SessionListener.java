package dev.duplex.core.session;

/**
 * Receives what happens on a {@link Session}. Every method runs on the session's Netty event loop:
 * return quickly and never block; hand work to your own thread (a UI hops to its UI thread).
 * All methods have empty defaults.
 */
public interface SessionListener {
    default void onStateChanged(Session session, SessionState state, String reason) {
    }

    default void onText(Session session, TextMessage message) {
    }

    default void onVideo(Session session, VideoMessage frame) {
    }

    /**
     * A packet of voice (only for a session with {@code TransportConfig.audio} on). Packets can arrive
     * late, out of order or not at all: hand them to a jitter buffer, never play them as they come.
     */
    default void onAudio(Session session, AudioMessage packet) {
    }

    default void onPresence(Session session, PresenceEvent event) {
    }

    default void onError(Session session, SessionError error) {
    }
}
