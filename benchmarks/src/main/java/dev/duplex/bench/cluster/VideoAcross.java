package dev.duplex.bench.cluster;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.relay.cluster.ClusterStats;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;

/**
 * Video from one cluster node to another: {@code n} senders on node a, 30 frames/s of 24 KiB each
 * (a 640x480 JPEG at moderate quality), one receiver on node b. Per step: the frames that crossed,
 * the delay from capture to receipt (one clock: same machine), what node a did not publish because
 * its backlog towards Redis was full, what node b replaced by newer frames in the viewer's
 * latest-frame slot, and the largest output buffer Redis held for a subscriber
 * (its {@code client-output-buffer-limit pubsub} cuts a subscriber at 32 MiB, or 8 MiB for 60 s).
 */
final class VideoAcross {
    private static final int FRAME_BYTES = 24 * 1024;
    private static final int FPS = 30;
    private static final Pattern OMEM = Pattern.compile("\\bsub=(\\d+).*?\\bomem=(\\d+)");

    private final RedisProcess redis;
    private final RelayServer from;
    private final RelayServer to;
    private final BenchSettings settings;

    VideoAcross(RedisProcess redis, RelayServer from, RelayServer to, BenchSettings settings) {
        this.redis = redis;
        this.from = from;
        this.to = to;
        this.settings = settings;
    }

    void measure(BenchReport r, int[] senderCounts, double seconds) throws Exception {
        RedisClient client = RedisClient.create(redis.uri());
        try (EventLoops loops = EventLoops.create(2, "video-load");
             StatefulRedisConnection<String, String> admin = client.connect()) {
            for (int n : senderCounts) {
                step(r, n, seconds, loops, admin);
            }
        } finally {
            client.shutdown();
        }
    }

    private void step(BenchReport r, int n, double seconds, EventLoops loops,
                      StatefulRedisConnection<String, String> admin) throws Exception {
        String room = "video-" + n;
        AtomicLong received = new AtomicLong();
        Recorder delay = new Recorder(3);
        Session receiver = DuplexClient.builder().port(to.port()).nickname("viewer").room(room).eventLoops(loops)
                .listener(new SessionListener() {
                    @Override
                    public void onVideo(Session s, VideoMessage frame) {
                        received.incrementAndGet();
                        delay.recordValue(Math.max(0, frame.receivedMicros() - frame.captureTimeMicros()));
                    }
                }).connect().get(10, TimeUnit.SECONDS);
        List<Session> senders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            senders.add(DuplexClient.builder().port(from.port()).nickname("cam" + i).room(room).eventLoops(loops)
                    .connect().get(10, TimeUnit.SECONDS));
        }
        byte[] jpeg = new byte[FRAME_BYTES];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        ClusterStats before = from.clusterStats();
        long replacedBefore = to.stats().videoDropped();
        AtomicLong offered = new AtomicLong();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        long peakOmem = 0;
        try {
            // Let the receiver's node learn of the senders (presence) before counting.
            Thread.sleep(300);
            received.set(0);
            delay.getIntervalHistogram();
            pace.scheduleAtFixedRate(() -> {
                for (Session s : senders) {
                    if (s.sendVideo(640, 480, Clock.nowMicros(), jpeg)) {
                        offered.incrementAndGet();
                    }
                }
            }, 0, 1_000_000 / FPS, TimeUnit.MICROSECONDS);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                peakOmem = Math.max(peakOmem, subscriberOutputBytes(admin.sync().clientList()));
                Thread.sleep(100);
            }
        } finally {
            pace.shutdownNow();
            pace.awaitTermination(2, TimeUnit.SECONDS);
        }
        ClusterStats after = from.clusterStats();
        long replaced = to.stats().videoDropped() - replacedBefore;
        double perSecond = received.get() / seconds;
        var h = delay.getIntervalHistogram();
        String p = "video_" + n + "_senders";
        r.put(p + "_offered_fps", offered.get() / seconds).put(p + "_received_fps", perSecond)
                .put(p + "_received_share", offered.get() == 0 ? 0 : (double) received.get() / offered.get())
                .put(p + "_delay_p50_ms", h.getValueAtPercentile(50) / 1000.0)
                .put(p + "_delay_p99_ms", h.getValueAtPercentile(99) / 1000.0)
                .put(p + "_published", after.mediaPublished() - before.mediaPublished())
                .put(p + "_not_published_backlog_full", after.mediaDropped() - before.mediaDropped())
                .put(p + "_replaced_for_viewer", replaced)
                .put(p + "_redis_subscriber_peak_omem_kib", peakOmem / 1024.0);
        settings.progress("video, %d senders on node a -> 1 viewer on node b: %.0f of %.0f frames/s crossed, delay p99 "
                        + "%.1f ms, %d not published (backlog full), %d replaced by newer ones for the viewer on node b, "
                        + "Redis subscriber buffer peak %.0f KiB", n, perSecond, offered.get() / seconds,
                h.getValueAtPercentile(99) / 1000.0, after.mediaDropped() - before.mediaDropped(), replaced,
                peakOmem / 1024.0);
        for (Session s : senders) {
            s.close();
        }
        receiver.close();
    }

    /** The largest output buffer Redis holds for a subscribed client now (CLIENT LIST omem). */
    static long subscriberOutputBytes(String clientList) {
        long peak = 0;
        for (String line : clientList.split("\n")) {
            Matcher m = OMEM.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) > 0) {
                peak = Math.max(peak, Long.parseLong(m.group(2)));
            }
        }
        return peak;
    }
}
