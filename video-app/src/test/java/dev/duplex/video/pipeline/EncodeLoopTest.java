package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.LatencySummary;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The encoder honours the receiver's flow control and keeps the local preview moving meanwhile. */
class EncodeLoopTest {

    /** A sender whose window is closed until {@link #open} is set. */
    private static final class GatedSender implements FrameSender {
        final AtomicBoolean open = new AtomicBoolean();
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public boolean send(int width, int height, long captureMicros, byte[] jpeg) {
            sent.incrementAndGet();
            return true;
        }

        @Override
        public boolean awaitWindow(long timeout, TimeUnit unit) throws InterruptedException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            while (!open.get() && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            return open.get();
        }
    }

    @Test
    void encodesNothingWhileTheReceiverIsBehindButStillShowsThePreview() {
        OpenCv.load();
        CallStats stats = new CallStats(new EncodeSettings(80, 1));
        LatestSlot<CapturedFrame> slot = new LatestSlot<>(CapturedFrame::close);
        GatedSender sender = new GatedSender();
        AtomicInteger previews = new AtomicInteger();
        DisplaySink display = new DisplaySink() {
            @Override
            public void showRemote(DecodedFrame frame) {
            }

            @Override
            public boolean wantsPreview() {
                return true;
            }

            @Override
            public void showPreview(BufferedImage image) {
                previews.incrementAndGet();
            }
        };
        EncodeLoop encoder = new EncodeLoop(slot, stats, sender, display);
        try (SyntheticSource source = new SyntheticSource(160, 120, 30, "me")) {
            encoder.start();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < deadline) {
                slot.offer(source.next());
                await().pollDelay(Duration.ofMillis(10)).until(() -> true);
            }
            assertThat(stats.encoded.sum()).as("window closed: nothing encoded").isZero();
            assertThat(stats.encodeTime().total().count()).as("no encode timed while held").isZero();
            assertThat(previews.get()).as("the preview kept moving").isGreaterThanOrEqualTo(2);
            assertThat(stats.heldByReceiverNanos.sum()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));

            sender.open.set(true);
            slot.offer(source.next());
            await().atMost(Duration.ofSeconds(5)).until(() -> sender.sent.get() > 0);
            assertThat(stats.encoded.sum()).isPositive();
            LatencySummary encodeTime = stats.encodeTime().total();
            assertThat(encodeTime.count()).as("every frame encoded is timed").isEqualTo(stats.encoded.sum());
            assertThat(encodeTime.maxMs()).as("encoding a picture takes some time").isPositive();
        } finally {
            encoder.close();
            slot.close();
        }
    }
}
