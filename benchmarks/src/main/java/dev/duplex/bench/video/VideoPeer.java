package dev.duplex.bench.video;

import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.pipeline.CaptureLoop;
import dev.duplex.video.pipeline.DecodeLoop;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.pipeline.EncodeLoop;
import dev.duplex.video.pipeline.FrameDecoder;
import dev.duplex.video.pipeline.FrameReceipts;
import dev.duplex.video.pipeline.FrameSender;
import dev.duplex.video.pipeline.LatestPerKey;
import dev.duplex.video.pipeline.LatestSlot;
import dev.duplex.video.pipeline.VideoReceiver;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.stats.CallStats;
import java.util.concurrent.TimeUnit;

/**
 * One side of a benchmark video call, assembled from video-app's own pipeline stages exactly as
 * {@code VideoCall} assembles them (capture → latest slot → encoder → {@code Session.sendVideo};
 * event loop → latest slot per sender → decoder → display, with the same receipts for the
 * receiver-driven flow control), without its 120 fps cap and adaptive
 * quality, so it can run at the codec's maximum rate at a fixed JPEG quality. A frame counts as
 * shown when decoded, as in the headless mode.
 */
public final class VideoPeer implements AutoCloseable {
    public final CallStats stats;
    private final LatestSlot<CapturedFrame> captureSlot;
    private final LatestPerKey<String, VideoMessage> receiveSlots;
    private final DecodeLoop decoder;
    private final EncodeLoop encoder;
    private final CaptureLoop capture;
    private final VideoReceiver receiver;
    private volatile Session session;

    /**
     * @param maxRate true: the source waits for the encoder (as fast as the codec goes);
     *                false: the capture loop reads at {@code fps}
     */
    public VideoPeer(PrerenderedFrames frames, int quality, double fps, boolean maxRate, FrameDecoder frameDecoder) {
        this(frames, quality, fps, maxRate, frameDecoder, (jpeg, captureMicros) -> { });
    }

    /** Tells the benchmark what is sent, before it is sent. */
    @FunctionalInterface
    public interface SendTap {
        void sending(byte[] jpeg, long captureMicros);
    }

    /**
     * @param tap told of every frame just before {@code sendVideo}
     */
    public VideoPeer(PrerenderedFrames frames, int quality, double fps, boolean maxRate, FrameDecoder frameDecoder,
              SendTap tap) {
        this.stats = new CallStats(new EncodeSettings(quality, 1));
        this.captureSlot = new LatestSlot<>(f -> {
            f.close();
            stats.droppedCapture.increment();
        });
        FrameReceipts receipts = new FrameReceipts();
        this.receiveSlots = new LatestPerKey<>(4, m -> stats.droppedReceive.increment());
        DisplaySink display = frame -> {
            stats.onDisplayed(frame.captureMicros());
            frame.recycle(); // shown = decoded, as in the headless mode, which recycles too
        };
        this.decoder = new DecodeLoop(receiveSlots, frameDecoder, display, stats, receipts);
        this.receiver = new VideoReceiver(receiveSlots, stats, display, receipts);
        ReplaySource source = new ReplaySource(frames, maxRate ? 10_000 : fps, maxRate ? captureSlot : null);
        this.capture = new CaptureLoop(source, maxRate ? 10_000 : fps, captureSlot, stats, s -> { });
        this.encoder = new EncodeLoop(captureSlot, stats, new FrameSender() {
            @Override
            public boolean send(int w, int h, long t, byte[] jpeg) {
                Session s = session;
                tap.sending(jpeg, t);
                return s != null && s.sendVideo(w, h, t, jpeg);
            }

            @Override
            public boolean awaitWindow(long timeout, TimeUnit unit) throws InterruptedException {
                Session s = session;
                return s == null || s.awaitVideoWindow(timeout, unit);
            }
        }, display);
    }

    /** The listener to give the session: frames go to the receive slots. */
    public SessionListener listener() {
        return receiver;
    }

    /** Starts decoding at once; sending starts with {@link #startSending(Session)}. */
    public void startReceiving() {
        decoder.start();
    }

    public void startSending(Session value) {
        this.session = value;
        if (value == null) {
            return;
        }
        encoder.start();
        capture.start();
    }

    /** The session given by {@link #startSending} or {@link #keepOpen}, or null before. */
    public Session session() {
        return session;
    }

    /** Holds the session (closed with this peer) without sending anything: the receiving end of a one-way call. */
    public void keepOpen(Session value) {
        this.session = value;
    }

    @Override
    public void close() {
        capture.close();
        encoder.close();
        captureSlot.close();
        Session s = session;
        if (s != null) {
            s.close();
        }
        decoder.close();
        receiveSlots.close();
    }
}
