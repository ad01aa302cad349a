package dev.duplex.video.ui;

import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.stats.CallStats;
import java.awt.image.BufferedImage;

/**
 * One remote sender's video. Painting a frame for the first time is the "displayed" moment of the
 * end-to-end latency (capture → displayed).
 */
final class RemoteTile extends ImageTile {
    private static final long serialVersionUID = 1L;

    private final transient RemoteFeed feed;
    private final transient CallStats stats;

    RemoteTile(RemoteFeed feed, CallStats stats) {
        this.feed = feed;
        this.stats = stats;
        setName("remote:" + feed.sender);
    }

    RemoteFeed feed() {
        return feed;
    }

    @Override
    BufferedImage currentImage() {
        feed.recycleRetired();
        DecodedFrame frame = feed.latest.get();
        if (frame == null) {
            return null;
        }
        if (frame.sequence() != feed.paintedSequence) {
            feed.paintedSequence = frame.sequence();
            if (stats != null) {
                stats.onDisplayed(frame.captureMicros());
            }
        }
        return frame.image();
    }

    @Override
    boolean captionAtTop() {
        return true;
    }

    @Override
    String caption() {
        return feed.sender;
    }
}
