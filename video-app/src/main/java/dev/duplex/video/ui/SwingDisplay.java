package dev.duplex.video.ui;

import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The window's model: the latest image of every remote sender, the latest preview, the latest
 * stats and status. Pipeline threads write it and ask for one coalesced EDT update; the EDT reads
 * only the latest of each. Testable without a screen.
 */
final class SwingDisplay implements DisplaySink {
    /** How many senders who left are remembered, so that their late frames are dropped. */
    static final int MAX_DEPARTED = 256;

    final Map<String, RemoteFeed> feeds = new ConcurrentHashMap<>();
    final AtomicReference<BufferedImage> preview = new AtomicReference<>();
    final AtomicReference<StatsSnapshot> stats = new AtomicReference<>();
    final AtomicReference<String> status = new AtomicReference<>("");
    private final int maxFeeds;
    /** Senders who left and have not come back, newest last; at most {@link #MAX_DEPARTED} remembered. */
    private final Map<String, Boolean> departed = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_DEPARTED;
        }
    };
    private volatile CallStats callStats;
    private volatile RepaintCoalescer repaint;

    SwingDisplay(int maxFeeds) {
        this.maxFeeds = maxFeeds;
    }

    /** Where update requests go; set on the EDT when the window exists. */
    void repaintWith(RepaintCoalescer coalescer) {
        this.repaint = coalescer;
        coalescer.request();
    }

    CallStats callStats() {
        return callStats;
    }

    @Override
    public void attach(CallStats value) {
        this.callStats = value;
    }

    @Override
    public void showRemote(DecodedFrame frame) {
        RemoteFeed feed = feeds.get(frame.sender());
        if (feed == null) {
            if (feeds.size() >= maxFeeds || hasLeft(frame.sender())) {
                // A frame decoded just after its sender left must not bring a frozen tile back.
                countDropped();
                frame.recycle();
                return;
            }
            feed = feeds.computeIfAbsent(frame.sender(), RemoteFeed::new);
        }
        if (feed.offer(frame)) {
            countDropped();
        }
        request();
    }

    private void countDropped() {
        CallStats s = callStats;
        if (s != null) {
            s.droppedDisplay.increment();
        }
    }

    @Override
    public boolean wantsPreview() {
        return true;
    }

    @Override
    public void showPreview(BufferedImage image) {
        preview.set(image);
        request();
    }

    @Override
    public void remoteLeft(String sender) {
        synchronized (departed) {
            departed.put(sender, Boolean.TRUE);
        }
        feeds.remove(sender);
        request();
    }

    @Override
    public void remoteJoined(String sender) {
        synchronized (departed) {
            departed.remove(sender);
        }
    }

    @Override
    public void remotesCleared() {
        feeds.clear();
        request();
    }

    private boolean hasLeft(String sender) {
        synchronized (departed) {
            return departed.containsKey(sender);
        }
    }

    @Override
    public void status(String sentence) {
        status.set(sentence);
        request();
    }

    @Override
    public void stats(StatsSnapshot snapshot) {
        stats.set(snapshot);
        request();
    }

    private void request() {
        RepaintCoalescer r = repaint;
        if (r != null) {
            r.request();
        }
    }
}
