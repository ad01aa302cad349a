package dev.duplex.video.call;

import dev.duplex.core.Status;
import dev.duplex.core.session.AudioMessage;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.session.VideoMessage;

/**
 * Tells both halves of a call, video and voice, what happens on its session (on the event loop):
 * frames to their half, state and presence to both, texts and errors to the video half (which shows
 * them).
 */
public final class CallListener implements SessionListener {
    private final SessionListener video;
    private final SessionListener audio;

    public CallListener(SessionListener video, SessionListener audio) {
        this.video = video;
        this.audio = audio;
    }

    @Override
    public void onStateChanged(Session session, SessionState state, Status status) {
        audio.onStateChanged(session, state, status);
        video.onStateChanged(session, state, status);
    }

    @Override
    public void onText(Session session, TextMessage message) {
        video.onText(session, message);
    }

    @Override
    public void onVideo(Session session, VideoMessage frame) {
        video.onVideo(session, frame);
    }

    @Override
    public void onAudio(Session session, AudioMessage packet) {
        audio.onAudio(session, packet);
    }

    @Override
    public void onPresence(Session session, PresenceEvent event) {
        audio.onPresence(session, event);
        video.onPresence(session, event);
    }

    @Override
    public void onError(Session session, SessionError error) {
        video.onError(session, error);
    }
}
