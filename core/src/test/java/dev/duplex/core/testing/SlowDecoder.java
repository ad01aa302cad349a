package dev.duplex.core.testing;

import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A video receiver whose "decoder" takes the latest frame, needs {@code decodeMillis} for it and
 * reports it finished ({@code Session.videoFinished}); a frame replaced before the decoder took it
 * is covered by the newer one's receipt.
 */
public final class SlowDecoder implements SessionListener, AutoCloseable {
    public final AtomicReference<VideoMessage> latest = new AtomicReference<>();
    public final AtomicInteger received = new AtomicInteger();
    public final AtomicInteger replaced = new AtomicInteger();
    public final AtomicInteger decoded = new AtomicInteger();
    private final Thread decoder;
    private volatile Session session;
    private volatile boolean running = true;

    public SlowDecoder(long decodeMillis) {
        decoder = new Thread(() -> {
            while (running) {
                VideoMessage m = latest.getAndSet(null);
                if (m == null) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(decodeMillis));
                decoded.incrementAndGet();
                session.videoFinished(m);
            }
        }, "test-slow-decoder");
        decoder.start();
    }

    @Override
    public void onVideo(Session s, VideoMessage frame) {
        session = s;
        received.incrementAndGet();
        if (latest.getAndSet(frame) != null) {
            replaced.incrementAndGet();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        decoder.join();
    }
}
