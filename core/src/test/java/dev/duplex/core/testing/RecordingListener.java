package dev.duplex.core.testing;

import dev.duplex.core.Status;
import dev.duplex.core.session.AudioMessage;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.session.VideoMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SessionListener} that records everything it is told, for assertions. Thread-safe. */
public final class RecordingListener implements SessionListener {
    public final List<TextMessage> texts = new CopyOnWriteArrayList<>();
    public final List<VideoMessage> videos = new CopyOnWriteArrayList<>();
    public final List<AudioMessage> audios = new CopyOnWriteArrayList<>();
    public final List<PresenceEvent> presence = new CopyOnWriteArrayList<>();
    public final List<SessionError> errors = new CopyOnWriteArrayList<>();
    public final List<SessionState> states = new CopyOnWriteArrayList<>();
    /** The sentences of {@link #statuses}, in order. */
    public final List<String> reasons = new CopyOnWriteArrayList<>();
    public final List<Status> statuses = new CopyOnWriteArrayList<>();
    private final int maxVideosKept;

    public RecordingListener() {
        this(10_000);
    }

    /** Keeps at most {@code maxVideosKept} video frames and as many audio packets (later ones are not recorded). */
    public RecordingListener(int maxVideosKept) {
        this.maxVideosKept = maxVideosKept;
    }

    @Override
    public void onStateChanged(Session session, SessionState state, Status status) {
        states.add(state);
        statuses.add(status);
        reasons.add(status.sentence());
    }

    @Override
    public void onText(Session session, TextMessage message) {
        texts.add(message);
    }

    @Override
    public void onVideo(Session session, VideoMessage frame) {
        if (videos.size() < maxVideosKept) {
            videos.add(frame);
        }
    }

    @Override
    public void onAudio(Session session, AudioMessage packet) {
        if (audios.size() < maxVideosKept) {
            audios.add(packet);
        }
    }

    @Override
    public void onPresence(Session session, PresenceEvent event) {
        presence.add(event);
    }

    @Override
    public void onError(Session session, SessionError error) {
        errors.add(error);
    }

    /** Bodies of the received texts, in arrival order. */
    public List<String> bodies() {
        return texts.stream().map(TextMessage::body).toList();
    }
}
