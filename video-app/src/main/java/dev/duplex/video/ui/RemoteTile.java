package dev.duplex.video.ui;

import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.stats.CallStats;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.function.ToDoubleFunction;

/**
 * One remote sender's video, with the loudness of its voice under its name. Painting a frame for the
 * first time is the "displayed" moment of the end-to-end latency (capture → displayed).
 */
final class RemoteTile extends ImageTile {
    private static final long serialVersionUID = 1L;
    private static final int METER_WIDTH = 60;

    private final transient RemoteFeed feed;
    private final transient CallStats stats;
    private final transient ToDoubleFunction<String> voiceLevel;

    /** @param voiceLevel a sender's voice loudness now, 0-1, or negative without voice */
    RemoteTile(RemoteFeed feed, CallStats stats, ToDoubleFunction<String> voiceLevel) {
        this.feed = feed;
        this.stats = stats;
        this.voiceLevel = voiceLevel;
        setName("remote:" + feed.sender);
    }

    /** The loudness this tile's meter shows now, or negative when it shows none. */
    double voiceLevel() {
        return voiceLevel.applyAsDouble(feed.sender);
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        double level = voiceLevel();
        if (level >= 0) {
            Graphics2D g = (Graphics2D) graphics.create();
            try {
                // Under the name, at the top right.
                LevelMeter.paintBar(g, getWidth() - METER_WIDTH - 16, 28, METER_WIDTH + 12, 6, (float) level);
            } finally {
                g.dispose();
            }
        }
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
