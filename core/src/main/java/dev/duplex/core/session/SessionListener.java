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

    default void onPresence(Session session, PresenceEvent event) {
    }

    default void onError(Session session, SessionError error) {
    }
}
