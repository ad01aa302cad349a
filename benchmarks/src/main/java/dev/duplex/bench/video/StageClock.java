package dev.duplex.bench.video;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.pipeline.FrameDecoder;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Where each frame's time goes, for sender and receiver in one process (one clock): the sender's
 * tap notes when each JPEG left the encoder (by its content, as the pre-rendered frames repeat
 * exactly), the receiver's decoder notes when decoding started and ended. Per frame:
 * <pre>
 *   encoder   capture → JPEG handed to the session (capture slot, encoder wake-up, encode)
 *   network   → received by the other session's event loop (hand-off to the loop, flush, socket,
 *               the receiving loop's wake-up, the JPEG copy)
 *   hand-off  → decoding starts (receive slot, decoder wake-up)
 *   decode    → decoded
 * </pre>
 * and "in between", per frame network plus hand-off: duplex's own path between the two codecs (what the
 * unloaded target's 5 ms beyond the codec is for, less the capture hand-off inside "encoder").
 * Garbage collections are noted too (their pauses, on the same clock), so that the report says how
 * many of the slowest frames were on their way during one. Holds at most {@value #CAPACITY} frames.
 */
public final class StageClock {
    static final int CAPACITY = 20_000;
    private static final String[] STAGES = {"encoder", "network", "hand-off", "decode", "in between", "total"};
    /** Where each row of {@link #STAGES} is in a frame's array. */
    private static final int[] STAGE_INDEX = {0, 1, 2, 3, 7, 4};

    private final Map<Integer, long[]> sent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, long[]> eldest) {
            return size() > 256;
        }
    };
    private final List<long[]> frames = new ArrayList<>();
    private final List<long[]> pauses = new ArrayList<>();
    private final NotificationListener gcListener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            long jvmStartMicros = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getUptime()) * 1000;
            synchronized (pauses) {
                pauses.add(new long[] {jvmStartMicros + info.getStartTime() * 1000, jvmStartMicros + info.getEndTime() * 1000});
            }
        }
    };
    private volatile boolean recording;

    /** The sender's tap: {@code jpeg} leaves the encoder now. */
    public VideoPeer.SendTap tap() {
        return (jpeg, captureMicros) -> {
            long now = Clock.nowMicros();
            synchronized (sent) {
                sent.put(Arrays.hashCode(jpeg), new long[] {captureMicros, now});
            }
        };
    }

    /** The receiver's decoder, timed. */
    public FrameDecoder decoder(FrameDecoder inner) {
        return message -> {
            long start = Clock.nowMicros();
            DecodedFrame frame = inner.decode(message);
            long end = Clock.nowMicros();
            note(message, start, end);
            return frame;
        };
    }

    /** Frames and collections from now on are kept (and none before), until {@link #report()}. */
    public void start() {
        synchronized (frames) {
            frames.clear();
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
            }
        }
        recording = true;
    }

    private void stop() {
        recording = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(gcListener);
                } catch (ListenerNotFoundException e) {
                    // Never added.
                }
            }
        }
    }

    private void note(VideoMessage message, long decodeStart, long decodeEnd) {
        if (!recording) {
            return;
        }
        long[] origin;
        synchronized (sent) {
            origin = sent.get(Arrays.hashCode(message.jpeg()));
        }
        if (origin == null) {
            return;
        }
        long capture = origin[0];
        long[] stages = {origin[1] - capture, message.receivedMicros() - origin[1], decodeStart - message.receivedMicros(),
            decodeEnd - decodeStart, decodeEnd - capture, capture, decodeEnd, decodeStart - origin[1]};
        synchronized (frames) {
            if (frames.size() < CAPACITY) {
                frames.add(stages);
            }
        }
    }

    /**
     * Per stage: p50 and p99 over all frames, and the mean over the slowest 1 % of frames (by total):
     * the stage whose mean grows most there is where the tail comes from. Then how many of those
     * were on their way while the garbage collector paused the JVM. Stops recording.
     */
    public List<String> report() {
        stop();
        List<long[]> all;
        synchronized (frames) {
            all = new ArrayList<>(frames);
        }
        List<String> lines = new ArrayList<>();
        if (all.isEmpty()) {
            return lines;
        }
        all.sort((a, b) -> Long.compare(a[4], b[4]));
        int tail = Math.max(1, all.size() / 100);
        List<long[]> slowest = all.subList(all.size() - tail, all.size());
        lines.add(String.format(Locale.ROOT, "%-10s %9s %9s %9s %14s   (ms; %d frames, slowest %d)", "stage", "mean", "p50",
                "p99", "slowest-1% mean", all.size(), tail));
        for (int s = 0; s < STAGES.length; s++) {
            final int stage = STAGE_INDEX[s];
            long[] values = all.stream().mapToLong(f -> f[stage]).sorted().toArray();
            double mean = all.stream().mapToLong(f -> f[stage]).average().orElse(0) / 1000.0;
            double slowMean = slowest.stream().mapToLong(f -> f[stage]).average().orElse(0) / 1000.0;
            lines.add(String.format(Locale.ROOT, "%-10s %9.2f %9.2f %9.2f %14.2f", STAGES[s], mean,
                    values[values.length / 2] / 1000.0, values[(int) Math.min(values.length - 1, Math.ceil(values.length * 0.99) - 1)] / 1000.0,
                    slowMean));
        }
        long inPause;
        int collections;
        synchronized (pauses) {
            collections = pauses.size();
            inPause = slowest.stream().filter(f -> pauses.stream().anyMatch(p -> p[0] < f[6] && p[1] > f[5])).count();
        }
        lines.add(String.format(Locale.ROOT, "%d of the slowest %d frames were on their way during one of %d garbage "
                + "collections", inPause, tail, collections));
        return lines;
    }
}
