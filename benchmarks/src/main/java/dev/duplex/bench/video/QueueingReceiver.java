package dev.duplex.bench.video;

import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.FrameDecoder;
import dev.duplex.video.pipeline.Worker;
import dev.duplex.video.stats.LatencyRecorder;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver built the lecture's way, for comparison only: every frame goes into an unbounded FIFO
 * queue ({@code queue.Queue()} in the lecture) and one thread decodes them in turn. Its memory is
 * bounded only by the length of the benchmark run.
 */
final class QueueingReceiver implements SessionListener, AutoCloseable {
    final LinkedBlockingQueue<VideoMessage> queue = new LinkedBlockingQueue<>();
    final LatencyRecorder latency = new LatencyRecorder();
    final AtomicLong displayed = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Worker worker;

    QueueingReceiver(FrameDecoder decoder) {
        this.worker = new Worker("lecture-style-decoder") {
            @Override
            protected void work() throws InterruptedException {
                while (running()) {
                    VideoMessage message = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (message != null) {
                        queuedBytes.addAndGet(-message.jpeg().length);
                        decoder.decode(message);
                        displayed.incrementAndGet();
                        latency.record(Clock.nowMicros() - message.captureTimeMicros());
                    }
                }
            }
        };
    }

    @Override
    public void onVideo(Session session, VideoMessage frame) {
        queuedBytes.addAndGet(frame.jpeg().length);
        queue.add(frame);
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    void start() {
        worker.start();
    }

    @Override
    public void close() {
        worker.close();
        queue.clear();
    }
}
