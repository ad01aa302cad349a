package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.JpegEncoder;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.LatencyRecorder;
import dev.duplex.video.stats.LatencySummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One 30 fps sender, two receivers that can only decode 5 frames a second: ours, with a latest
 * slot between the event loop and the decoder, and one built the lecture's way, with an unbounded
 * queue in between. Ours shows fresh frames and drops (and counts) the rest; the lecture's shows
 * every frame, ever later, and its queue grows without end.
 */
class SlowReceiverLatencyTest {
    private static final Duration RUN = Duration.ofSeconds(5);
    private static final long DECODE_MILLIS = 200;
    private static final int SENDER_FPS = 30;
    private static final int WIDTH = 480;
    private static final int HEIGHT = 360;

    @Test
    void latestSlotKeepsLatencyBoundedWhileAnUnboundedQueueGrows() throws Exception {
        warmUp();
        // Ours: event loop → latest slot per sender → slow decoder → display.
        CallStats ours = new CallStats(new EncodeSettings(90, 1));
        LatestPerKey<String, VideoMessage> slots = new LatestPerKey<>(4, m -> ours.droppedReceive.increment());
        DisplaySink oursDisplay = frame -> ours.onDisplayed(frame.captureMicros());
        DecodeLoop oursDecoder = new DecodeLoop(slots, slow(new JpegFrameDecoder()), oursDisplay, ours);
        DirectListener oursPeer = DirectPeer.builder().nickname("ours")
                .listener(new VideoReceiver(slots, ours, oursDisplay)).listen("127.0.0.1", 0);

        // The lecture's way: event loop → unbounded FIFO queue → slow decoder, every frame in turn.
        NaiveReceiver naive = new NaiveReceiver(slow(new JpegFrameDecoder()));
        DirectListener naivePeer = DirectPeer.builder().nickname("naive").listener(naive).listen("127.0.0.1", 0);

        Session toOurs = DirectPeer.builder().nickname("sender")
                .connect("127.0.0.1", oursPeer.localAddress().getPort()).join();
        Session toNaive = DirectPeer.builder().nickname("sender")
                .connect("127.0.0.1", naivePeer.localAddress().getPort()).join();

        // One sender feeding both: capture → latest slot → encoder → both sessions.
        CallStats sender = new CallStats(new EncodeSettings(90, 1));
        LatestSlot<CapturedFrame> captureSlot = new LatestSlot<>(CapturedFrame::close);
        CaptureLoop capture = new CaptureLoop(new SyntheticSource(WIDTH, HEIGHT, SENDER_FPS, "sender"), SENDER_FPS,
                captureSlot, sender, s -> { });
        EncodeLoop encoder = new EncodeLoop(captureSlot, sender, (w, h, t, jpeg) -> toOurs.sendVideo(w, h, t, jpeg)
                & toNaive.sendVideo(w, h, t, jpeg), frame -> { });

        List<long[]> samples = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        Runtime runtime = Runtime.getRuntime();
        long start = System.nanoTime();
        try {
            oursDecoder.start();
            naive.start();
            encoder.start();
            capture.start();
            // Every 500 ms: time, frames waiting (ours, naive), bytes waiting (ours, naive), heap used.
            sampler.scheduleAtFixedRate(() -> {
                synchronized (samples) {
                    samples.add(new long[] {(System.nanoTime() - start) / 1_000_000, slots.size(),
                        naive.queue.size(), (long) slots.size() * naive.lastFrameBytes.get(), naive.queuedBytes(),
                        runtime.totalMemory() - runtime.freeMemory()});
                }
            }, 500, 500, TimeUnit.MILLISECONDS);
            await().pollDelay(RUN).atMost(RUN.plusSeconds(5)).until(() -> samples.size() >= 9);
        } finally {
            sampler.shutdownNow();
            capture.close();
            encoder.close();
            captureSlot.close();
            toOurs.close();
            toNaive.close();
            oursDecoder.close();
            naive.close();
            oursPeer.close();
            naivePeer.close();
            slots.close();
        }

        LatencySummary oursLatency = ours.latency().total();
        LatencySummary naiveLatency = naive.latency.total();
        List<long[]> taken;
        synchronized (samples) {
            taken = List.copyOf(samples);
        }
        print(taken, sender, ours, oursLatency, naive, naiveLatency);

        long[] early = taken.get(1);
        long[] last = taken.get(taken.size() - 1);
        // Ours: fresh frames at the decoder's pace, at most one waiting, drops counted.
        assertThat(oursLatency.p99Ms()).isLessThan(500);
        assertThat(ours.displayed.sum()).isGreaterThanOrEqualTo(15);
        assertThat(taken).allSatisfy(s -> assertThat(s[1]).isLessThanOrEqualTo(1));
        assertThat(ours.droppedReceive.sum()).isGreaterThan(ours.displayed.sum());
        // Its decode time counts the slow decoder's whole 200 ms per frame, and every frame decoded.
        LatencySummary decodeTime = ours.decodeTime().total();
        assertThat(decodeTime.count()).isEqualTo(ours.decoded.sum());
        assertThat(decodeTime.p50Ms()).isGreaterThanOrEqualTo(DECODE_MILLIS);
        // The lecture's way: the same frames, shown in full, ever later; its queue only grows.
        assertThat(naive.displayed.get()).isGreaterThanOrEqualTo(15);
        assertThat(last[2]).isGreaterThanOrEqualTo(50).isGreaterThanOrEqualTo(3 * early[2]);
        for (int i = 2; i < taken.size(); i++) {
            assertThat(taken.get(i)[2]).as("naive queue length at sample %d", i)
                    .isGreaterThanOrEqualTo(taken.get(i - 1)[2]);
        }
        assertThat(last[4]).isGreaterThan(20 * Math.max(1, last[3]));
        assertThat(naiveLatency.p99Ms()).isGreaterThan(2_000).isGreaterThan(4 * oursLatency.p99Ms());
    }

    /** Loads OpenCV and runs the codec once, so the first frames do not measure library loading. */
    private static void warmUp() {
        OpenCv.load();
        try (SyntheticSource source = new SyntheticSource(WIDTH, HEIGHT, SENDER_FPS, "warm-up");
             CapturedFrame frame = source.next()) {
            byte[] jpeg = new JpegEncoder().encode(frame.image(), new EncodeSettings(90, 1)).bytes();
            new JpegFrameDecoder().decode(new VideoMessage("warm-up", 1, 0, WIDTH, HEIGHT, jpeg, 0));
        }
    }

    private static FrameDecoder slow(FrameDecoder decoder) {
        return message -> {
            DecodedFrame frame = decoder.decode(message);
            try {
                // A receiver that can only manage 5 frames per second.
                Thread.sleep(DECODE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return frame;
        };
    }

    private static void print(List<long[]> samples, CallStats sender, CallStats ours, LatencySummary oursLatency,
                              NaiveReceiver naive, LatencySummary naiveLatency) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nSlow receiver (decodes %d ms/frame) against a %d fps sender; "
                + "sender encoded %d frames%n", DECODE_MILLIS, SENDER_FPS, sender.encoded.sum()));
        out.append(String.format(Locale.ROOT, "%8s | %12s %12s | %12s %12s | %10s%n", "t (ms)", "ours frames",
                "ours bytes", "naive frames", "naive bytes", "JVM heap MB"));
        for (long[] s : samples) {
            out.append(String.format(Locale.ROOT, "%8d | %12d %12d | %12d %12d | %10.1f%n", s[0], s[1], s[3], s[2],
                    s[4], s[5] / 1e6));
        }
        out.append("(frames/bytes: what each receive pipeline holds; JVM heap in use rises and falls with GC)\n");
        out.append(String.format(Locale.ROOT, "ours : shown %d, dropped %d, latency p50 %.0f ms, p99 %.0f ms, "
                        + "max %.0f ms%n", ours.displayed.sum(), ours.droppedReceive.sum(), oursLatency.p50Ms(),
                oursLatency.p99Ms(), oursLatency.maxMs()));
        out.append(String.format(Locale.ROOT, "naive: shown %d, dropped 0, queued at the end %d, latency p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms%n", naive.displayed.get(), samples.get(samples.size() - 1)[2],
                naiveLatency.p50Ms(),
                naiveLatency.p99Ms(), naiveLatency.maxMs()));
        System.out.print(out);
    }

    /** The lecture's receiver: every frame into a FIFO queue, decoded one after the other. */
    private static final class NaiveReceiver implements SessionListener {
        // The lecture's queue.Queue() has no bound; this one's bound is never reached in 5 s.
        final BlockingQueue<VideoMessage> queue = new LinkedBlockingQueue<>(100_000);
        final LatencyRecorder latency = new LatencyRecorder();
        final AtomicLong displayed = new AtomicLong();
        final AtomicLong lastFrameBytes = new AtomicLong();
        private final FrameDecoder decoder;
        private final Worker worker;

        NaiveReceiver(FrameDecoder decoder) {
            this.decoder = decoder;
            this.worker = new Worker("naive-decoder") {
                @Override
                protected void work() throws InterruptedException {
                    while (running()) {
                        VideoMessage message = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (message != null) {
                            DecodedFrame frame = NaiveReceiver.this.decoder.decode(message);
                            displayed.incrementAndGet();
                            latency.record(Clock.nowMicros() - frame.captureMicros());
                        }
                    }
                }
            };
        }

        @Override
        public void onVideo(Session session, VideoMessage frame) {
            lastFrameBytes.set(frame.jpeg().length);
            queue.add(frame);
        }

        long queuedBytes() {
            return queue.stream().mapToLong(m -> m.jpeg().length).sum();
        }

        void start() {
            worker.start();
        }

        void close() {
            worker.close();
            queue.clear();
        }
    }
}
