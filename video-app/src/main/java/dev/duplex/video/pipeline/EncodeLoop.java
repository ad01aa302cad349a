package dev.duplex.video.pipeline;

import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.EncodedJpeg;
import dev.duplex.video.codec.JpegEncoder;
import dev.duplex.video.codec.MatImages;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.stats.CallStats;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder thread: takes the latest captured frame, compresses it with the current
 * {@link EncodeSettings}, and offers it to the connection (whose own slot keeps only the latest
 * frame not yet written). It encodes no more often than the settings' {@code maxFps}. With a receiver that reports the frames it finished
 * ({@link FrameSender#awaitWindow}), it takes a frame only when the receiver can use it. It also hands a small copy to the display for the local preview, at a
 * limited rate.
 */
public final class EncodeLoop extends Worker {
    private static final Logger log = LoggerFactory.getLogger(EncodeLoop.class);
    private static final long PREVIEW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(66);
    private static final int PREVIEW_MAX_WIDTH = 320;
    /** Longest single wait for pacing: settings that change meanwhile are seen this soon. */
    private static final long MAX_PACING_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final LatestSlot<CapturedFrame> in;
    private final JpegEncoder encoder = new JpegEncoder();
    private final CallStats stats;
    private final FrameSender sender;
    private final DisplaySink display;
    private long lastPreview;
    private long lastEncode = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    private boolean oversizeReported;

    public EncodeLoop(LatestSlot<CapturedFrame> in, CallStats stats, FrameSender sender, DisplaySink display) {
        super("duplex-video-encoder");
        this.in = in;
        this.stats = stats;
        this.sender = sender;
        this.display = display;
    }

    @Override
    protected void work() throws InterruptedException {
        while (running()) {
            // While the receiver is behind, encode nothing: the capture slot keeps only the newest
            // frame meanwhile, and that one is encoded once the receiver has caught up.
            long waitStart = System.nanoTime();
            boolean open = sender.awaitWindow(PREVIEW_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
            stats.heldByReceiverNanos.add(System.nanoTime() - waitStart);
            if (!open) {
                // Held that long: keep the local preview moving with a frame that will not be encoded
                // (the next capture, fresher, is encoded once the receiver has caught up).
                CapturedFrame idle = in.poll();
                if (idle != null) {
                    try (idle) {
                        stats.droppedCapture.increment();
                        preview(idle);
                    } catch (RuntimeException e) {
                        log.debug("Preview of a frame not encoded failed: {}", e.getMessage());
                    }
                }
                continue;
            }
            if (!pace()) {
                continue;
            }
            CapturedFrame frame = in.take(100, TimeUnit.MILLISECONDS);
            if (frame == null) {
                continue;
            }
            lastEncode = System.nanoTime();
            try (frame) {
                encodeAndSend(frame);
                preview(frame);
            } catch (RuntimeException e) {
                // OpenCV reports its errors as RuntimeExceptions: skip the frame, keep the call going.
                stats.encodeErrors.increment();
                if (stats.encodeErrors.sum() == 1) {
                    log.warn("Skipped a frame that could not be encoded: {}", e.getMessage());
                } else {
                    log.debug("Skipped a frame that could not be encoded: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * Waits until the next frame is due under the settings' frame-rate limit (the adaptive control
     * paces frames to the link's rate); the frame taken then is the freshest captured.
     *
     * @return true if a frame is due now, false after a wait of {@link #MAX_PACING_NANOS} (look again)
     */
    private boolean pace() throws InterruptedException {
        double maxFps = stats.settings().maxFps();
        if (maxFps <= 0) {
            return true;
        }
        long wait = lastEncode + (long) (1e9 / maxFps) - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(wait, MAX_PACING_NANOS));
        return wait <= MAX_PACING_NANOS;
    }

    private void encodeAndSend(CapturedFrame frame) {
        long start = System.nanoTime();
        EncodedJpeg jpeg = encoder.encode(frame.image(), stats.settings());
        stats.encodeTime().record((System.nanoTime() - start) / 1000);
        stats.encoded.increment();
        stats.encodedBytes.add(jpeg.bytes().length);
        stats.sentSize(jpeg.width(), jpeg.height());
        try {
            if (sender.send(jpeg.width(), jpeg.height(), frame.captureMicros(), jpeg.bytes())) {
                stats.offered();
            } else {
                stats.notConnected.increment();
            }
        } catch (IllegalArgumentException e) {
            stats.oversize.increment();
            if (!oversizeReported) {
                oversizeReported = true;
                log.warn("{}", e.getMessage());
                display.status(e.getMessage());
            }
        }
    }

    private void preview(CapturedFrame frame) {
        long now = System.nanoTime();
        if (display.wantsPreview() && now - lastPreview >= PREVIEW_INTERVAL_NANOS) {
            lastPreview = now;
            display.showPreview(MatImages.toBufferedImage(frame.image(), PREVIEW_MAX_WIDTH));
        }
    }
}
