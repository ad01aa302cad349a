package dev.duplex.video.pipeline;

import dev.duplex.core.Status;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.stats.CallStats;

/**
 * The receive side on the event loop: each frame goes into its sender's latest slot towards the
 * decoder and the loop returns at once (nothing here blocks or touches Swing). Membership and
 * state changes are passed on to the display as sentences.
 */
public final class VideoReceiver implements SessionListener {
    private final LatestPerKey<String, VideoMessage> out;
    private final CallStats stats;
    private final DisplaySink display;
    private final FrameReceipts receipts;

    public VideoReceiver(LatestPerKey<String, VideoMessage> out, CallStats stats, DisplaySink display) {
        this(out, stats, display, new FrameReceipts());
    }

    /** @param receipts learns the session frames arrive on, to report finished frames to */
    public VideoReceiver(LatestPerKey<String, VideoMessage> out, CallStats stats, DisplaySink display,
                         FrameReceipts receipts) {
        this.out = out;
        this.stats = stats;
        this.display = display;
        this.receipts = receipts;
    }

    @Override
    public void onVideo(Session session, VideoMessage frame) {
        receipts.arrivedOn(session);
        stats.received.increment();
        stats.receivedBytes.add(frame.jpeg().length);
        out.offer(frame.sender(), frame);
    }

    @Override
    public void onPresence(Session session, PresenceEvent event) {
        switch (event.kind()) {
            case LEFT -> event.nicknames().forEach(display::remoteLeft);
            case JOINED -> display.status(String.join(", ", event.nicknames()) + " joined.");
            case SNAPSHOT -> { }
        }
    }

    @Override
    public void onStateChanged(Session session, SessionState state, Status status) {
        if (state == SessionState.CLOSED || state == SessionState.RECONNECTING) {
            display.remotesCleared();
        }
        display.status(status.sentence());
    }

    @Override
    public void onError(Session session, SessionError error) {
        display.status(error.message());
    }
}
