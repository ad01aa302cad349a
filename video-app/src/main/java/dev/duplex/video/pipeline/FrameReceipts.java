package dev.duplex.video.pipeline;

import dev.duplex.core.session.Session;
import dev.duplex.core.session.VideoMessage;

/**
 * Tells the sender of each received frame when this side has decoded it (or failed to), through
 * {@link Session#videoFinished}: with a peer that asked for these receipts, its encoder then waits
 * instead of encoding frames this side's decoder would only throw away. Frames replaced unseen are
 * not reported: receipts are cumulative, and reporting a newer frame while an older one is still
 * being decoded would open the sender's window early. The session is the one that delivered the latest frame; core ignores a receipt that does
 * not belong to its current connection. Never blocks; any thread.
 */
public final class FrameReceipts {
    private volatile Session session;

    /** The session frames arrive on (event loop, with each frame). */
    public void arrivedOn(Session value) {
        session = value;
    }

    /** This side is done with {@code frame}. */
    public void finished(VideoMessage frame) {
        Session s = session;
        if (s != null) {
            s.videoFinished(frame);
        }
    }
}
