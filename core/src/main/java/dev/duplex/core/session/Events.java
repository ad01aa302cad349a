package dev.duplex.core.session;

import dev.duplex.core.Status;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the application's {@link SessionListener} for one session, always on the session's event
 * loop (the listener's promise), and keeps a failing listener from breaking the session's own state.
 */
final class Events {
    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final Session session;
    private final SessionListener listener;
    private final EventLoop loop;

    Events(Session session, SessionListener listener, EventLoop loop) {
        this.session = session;
        this.listener = listener;
        this.loop = loop;
    }

    void stateChanged(SessionState state, Status status) {
        assert loop.inEventLoop() : "listener called off the session's event loop";
        try {
            listener.onStateChanged(session, state, status);
        } catch (RuntimeException e) {
            log.warn("Session listener failed on state {}", state, e);
        }
    }

    void text(TextMessage message) {
        assert loop.inEventLoop() : "listener called off the session's event loop";
        listener.onText(session, message);
    }

    void video(VideoMessage frame) {
        assert loop.inEventLoop() : "listener called off the session's event loop";
        listener.onVideo(session, frame);
    }

    void audio(AudioMessage packet) {
        assert loop.inEventLoop() : "listener called off the session's event loop";
        listener.onAudio(session, packet);
    }

    void presence(PresenceEvent event) {
        assert loop.inEventLoop() : "listener called off the session's event loop";
        listener.onPresence(session, event);
    }

    void error(SessionError error) {
        assert loop.inEventLoop() : "listener called off the session's event loop";
        listener.onError(session, error);
    }
}
