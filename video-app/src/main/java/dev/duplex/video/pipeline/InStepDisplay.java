package dev.duplex.video.pipeline;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each remote picture in step with its sender's voice: both carry capture times, so a picture
 * that is ready sooner after its capture than the voice is played (video usually is: the voice waits
 * in its jitter buffer) is held back until the voice has caught up, by at most {@link #MAX_HOLD_MILLIS}
 * and never for a sender whose voice is silent. A picture later than the voice is shown at once (the
 * voice is not delayed for it: its delay counts more; up to about 45 ms of voice ahead of the picture
 * is not noticed). Held pictures wait on one timer thread, at most {@link #MAX_HELD_PER_SENDER} per
 * sender (beyond that a picture is shown at once); a picture overtaken by a newer one of the same
 * sender is given back unshown. Everything else goes straight to the display.
 */
public final class InStepDisplay implements DisplaySink, AutoCloseable {
    /** Longest a picture is held for its voice. */
    public static final long MAX_HOLD_MILLIS = 200;
    /** Most pictures of one sender held at once. */
    public static final int MAX_HELD_PER_SENDER = 8;
    /** A picture may come this much before its sound (a frame's worth: not noticed). */
    static final long EARLY_MICROS = 20_000;
    private static final Logger log = LoggerFactory.getLogger(InStepDisplay.class);

    private final DisplaySink display;
    private final ToLongFunction<String> voiceDelayMicros;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "duplex-video-sync");
        t.setDaemon(true);
        return t;
    });
    /** Per sender: pictures held now, and the newest sequence shown. */
    private final Map<String, Sender> senders = new ConcurrentHashMap<>();

    private static final class Sender {
        int held;
        long lastShown = Long.MIN_VALUE;
    }

    /**
     * @param display          where pictures go
     * @param voiceDelayMicros the capture-to-ear delay of a sender's voice now, or a negative value
     *                         while it is silent (as {@code RemoteVoice.playoutDelayMicros})
     */
    public InStepDisplay(DisplaySink display, ToLongFunction<String> voiceDelayMicros) {
        this.display = display;
        this.voiceDelayMicros = voiceDelayMicros;
    }

    @Override
    public void showRemote(DecodedFrame frame) {
        long voice = voiceDelayMicros.applyAsLong(frame.sender());
        long wait = voice < 0 ? 0 : voice - (Clock.nowMicros() - frame.captureMicros()) - EARLY_MICROS;
        Sender sender = senders.computeIfAbsent(frame.sender(), s -> new Sender());
        synchronized (sender) {
            if (wait <= 0 || sender.held >= MAX_HELD_PER_SENDER) {
                show(sender, frame);
                return;
            }
            sender.held++;
        }
        try {
            timer.schedule(() -> {
                synchronized (sender) {
                    sender.held--;
                    show(sender, frame);
                }
            }, Math.min(wait, MAX_HOLD_MILLIS * 1000), TimeUnit.MICROSECONDS);
        } catch (RejectedExecutionException closed) {
            frame.recycle();
        }
    }

    /** Shows a picture unless a newer one of its sender was shown already. Holds the sender's lock. */
    private void show(Sender sender, DecodedFrame frame) {
        if (frame.sequence() <= sender.lastShown) {
            frame.recycle();
            return;
        }
        sender.lastShown = frame.sequence();
        display.showRemote(frame);
    }

    /** Pictures held now, over every sender. */
    public int held() {
        int total = 0;
        for (Sender sender : senders.values()) {
            synchronized (sender) {
                total += sender.held;
            }
        }
        return total;
    }

    @Override
    public void attach(CallStats stats) {
        display.attach(stats);
    }

    @Override
    public boolean wantsPreview() {
        return display.wantsPreview();
    }

    @Override
    public void showPreview(BufferedImage image) {
        display.showPreview(image);
    }

    @Override
    public void remoteLeft(String sender) {
        senders.remove(sender);
        display.remoteLeft(sender);
    }

    @Override
    public void remotesCleared() {
        senders.clear();
        display.remotesCleared();
    }

    @Override
    public void status(String sentence) {
        display.status(sentence);
    }

    @Override
    public void stats(StatsSnapshot snapshot) {
        display.stats(snapshot);
    }

    /** Stops the timer; held pictures are dropped (never shown). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("The video sync timer did not stop within 2 s.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
