package dev.duplex.video.pipeline;

import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.stats.CallStats;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder thread: takes the latest received frame of every sender, decodes it (to a
 * {@link java.awt.image.BufferedImage}, so the EDT only paints) and hands it to the display.
 * Frames that arrive while it works replace each other in the receive slot.
 */
public final class DecodeLoop extends Worker {
    private static final Logger log = LoggerFactory.getLogger(DecodeLoop.class);

    private final LatestPerKey<String, VideoMessage> in;
    private final FrameDecoder decoder;
    private final DisplaySink display;
    private final CallStats stats;
    private final FrameReceipts receipts;

    public DecodeLoop(LatestPerKey<String, VideoMessage> in, FrameDecoder decoder, DisplaySink display,
                      CallStats stats) {
        this(in, decoder, display, stats, new FrameReceipts());
    }

    /** @param receipts told of every frame taken, once decoded (or failed) */
    public DecodeLoop(LatestPerKey<String, VideoMessage> in, FrameDecoder decoder, DisplaySink display,
                      CallStats stats, FrameReceipts receipts) {
        super("duplex-video-decoder");
        this.in = in;
        this.decoder = decoder;
        this.display = display;
        this.stats = stats;
        this.receipts = receipts;
    }

    @Override
    protected void work() throws InterruptedException {
        while (running()) {
            List<VideoMessage> batch = in.takeAll(100, TimeUnit.MILLISECONDS);
            for (VideoMessage message : batch) {
                try {
                    long start = System.nanoTime();
                    DecodedFrame frame = decoder.decode(message);
                    stats.decodeTime().record((System.nanoTime() - start) / 1000);
                    stats.decoded.increment();
                    stats.receivedSize(frame.image().getWidth(), frame.image().getHeight());
                    display.showRemote(frame);
                } catch (RuntimeException e) {
                    // Not a JPEG, or OpenCV failed on it: skip this frame, the next one replaces it.
                    stats.decodeErrors.increment();
                    log.debug("Frame {} from {} not shown: {}", message.sequence(), message.sender(), e.getMessage());
                } finally {
                    receipts.finished(message);
                }
            }
        }
    }
}
