package dev.duplex.video.pipeline;

import dev.duplex.core.Status;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.session.HostPort;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.stats.CallStats;
import java.util.List;
import java.util.Optional;

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
    /** The last error told, so that the state change it causes does not tell it again (event loop only). */
    private volatile SessionError lastError;

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
        List<String> others = event.nicknames().stream().filter(n -> !n.equals(session.nickname())).toList();
        switch (event.kind()) {
            case LEFT -> {
                others.forEach(display::remoteLeft);
                if (!others.isEmpty()) {
                    display.status(String.join(", ", others) + " left.");
                }
            }
            case JOINED -> {
                others.forEach(display::remoteJoined);
                if (!others.isEmpty()) {
                    display.status(String.join(", ", others) + " joined.");
                }
            }
            case SNAPSHOT -> others.forEach(display::remoteJoined);
        }
    }

    @Override
    public void onStateChanged(Session session, SessionState state, Status status) {
        if (state == SessionState.CLOSED || state == SessionState.RECONNECTING) {
            display.remotesCleared();
        }
        SessionError said = lastError;
        lastError = null;
        if (state == SessionState.CONNECTED) {
            display.status("Connected to " + HostPort.describe(session.remoteAddress()) + ".");
        } else if (said != null && status.errorCode().equals(Optional.of(said.code()))) {
            // The change is that error, just told: only what happens next is news.
            if (state == SessionState.RECONNECTING) {
                display.status("Reconnecting...");
            }
        } else {
            display.status(state == SessionState.RECONNECTING ? status.sentence() + " Reconnecting..." : status.sentence());
        }
    }

    @Override
    public void onError(Session session, SessionError error) {
        lastError = error;
        display.status(error.code() == ErrorCode.HEARTBEAT_TIMEOUT
                ? "Lost contact with the " + (session.room().isEmpty() ? "peer" : "relay") + ": it stopped answering."
                : error.message());
    }
}
