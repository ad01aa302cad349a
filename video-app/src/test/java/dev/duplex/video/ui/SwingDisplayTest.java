package dev.duplex.video.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.stats.CallStats;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SwingDisplayTest {
    private final CallStats stats = new CallStats(new EncodeSettings(90, 1));
    private final SwingDisplay display = new SwingDisplay(2);

    SwingDisplayTest() {
        display.attach(stats);
    }

    private static DecodedFrame frame(String sender, long sequence) {
        return new DecodedFrame(sender, sequence, 0, 0, 0, new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR), 4, 3,
                100);
    }

    @Test
    void keepsOnlyTheLatestImagePerSenderAndCountsTheUnpaintedOnes() {
        for (int i = 1; i <= 100; i++) {
            display.showRemote(frame("bob", i));
        }
        assertThat(display.feeds).containsOnlyKeys("bob");
        assertThat(display.feeds.get("bob").latest.get().sequence()).isEqualTo(100);
        assertThat(stats.droppedDisplay.sum()).isEqualTo(99);
    }

    @Test
    void aPaintedFrameIsNotCountedAsDroppedWhenReplaced() {
        display.showRemote(frame("bob", 1));
        RemoteTile tile = new RemoteTile(display.feeds.get("bob"), stats, sender -> -1);
        assertThat(tile.currentImage()).isNotNull();
        display.showRemote(frame("bob", 2));

        assertThat(stats.droppedDisplay.sum()).isZero();
        assertThat(stats.displayed.sum()).isEqualTo(1);
    }

    @Test
    void boundsTheNumberOfSendersAndForgetsThoseWhoLeft() {
        display.showRemote(frame("a", 1));
        display.showRemote(frame("b", 1));
        display.showRemote(frame("c", 1));
        assertThat(display.feeds).containsOnlyKeys("a", "b");
        assertThat(stats.droppedDisplay.sum()).isEqualTo(1);

        display.remoteLeft("a");
        assertThat(display.feeds).containsOnlyKeys("b");
        display.remotesCleared();
        assertThat(display.feeds).isEmpty();
    }

    @Test
    void replacedPicturesGoBackToTheDecoderOnlyWhenTheEdtPaintsAgainAndAreBounded() {
        dev.duplex.video.pipeline.ImagePool pool = new dev.duplex.video.pipeline.ImagePool(8);
        java.util.List<DecodedFrame> frames = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            dev.duplex.video.pipeline.ImagePool.Lease lease = pool.take(4, 3, BufferedImage.TYPE_3BYTE_BGR);
            DecodedFrame f = new DecodedFrame("bob", i, 0, 0, 0, lease.image(), 4, 3, 100, lease);
            frames.add(f);
            display.showRemote(f);
        }
        RemoteFeed feed = display.feeds.get("bob");
        // Frame 9 (say) may still be in a paint that began before it was replaced: nothing goes back yet.
        assertThat(pool.spareCount()).isZero();
        assertThat(feed.retiredCount()).isEqualTo(RemoteFeed.MAX_RETIRED);
        RemoteTile tile = new RemoteTile(feed, stats, sender -> -1);
        assertThat(tile.currentImage()).isSameAs(frames.get(9).image());
        assertThat(pool.spareCount()).as("recycled at the next paint").isEqualTo(RemoteFeed.MAX_RETIRED);
        assertThat(feed.retiredCount()).isZero();
        // The picture on screen is never given back while it is the latest.
        dev.duplex.video.pipeline.ImagePool.Lease next = pool.take(4, 3, BufferedImage.TYPE_3BYTE_BGR);
        assertThat(next.image()).isNotSameAs(frames.get(9).image());
    }

    @Test
    void aFrameDecodedAfterItsSenderLeftDoesNotBringTheTileBack() {
        display.showRemote(frame("carol", 1));
        display.remoteLeft("carol");
        display.showRemote(frame("carol", 2)); // decoded just after the LEFT arrived
        assertThat(display.feeds).isEmpty();

        display.remoteJoined("carol");
        display.showRemote(frame("carol", 3));
        assertThat(display.feeds).as("back when she joins again").containsOnlyKeys("carol");
    }
}
