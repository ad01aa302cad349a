package dev.duplex.bench.link;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.HostLoad;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.testkit.link.LinkProfile;
import dev.duplex.video.codec.OpenCv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20, item 3: video over bad links, emulated on loopback by core's test {@code LinkEmulator}.
 * Two people call each other (640x480, 30 fps, adaptive quality), directly and through a relay,
 * over 2 Mbit/s and 500 kbit/s links with 100 ms of round trip, and across a 3 s stall; then a room
 * with one slow receiver; then chat across a 3 s stall. Prints the adaptation second by second.
 */
public final class VideoLinkBenchmark implements Benchmark {
    /** ITU-T G.114's planning limit for one-way delay, the latency bound. */
    static final double BOUND_MS = 400;
    private static final Duration STALL = Duration.ofSeconds(3);
    private static final long ONE_WAY_MS = 50;

    @Override
    public String name() {
        return "video-link";
    }

    @Override
    public String description() {
        return "640x480 calls over emulated 2 Mbit/s and 500 kbit/s links (100 ms RTT), a 3 s stall, direct and "
                + "through a relay; a room with one slow receiver; chat across a stall";
    }

    @Override
    public int defaultSeconds() {
        return 150;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        OpenCv.load();
        BenchReport r = new BenchReport(name());
        double scale = s.smoke() ? 0 : s.seconds() / (double) defaultSeconds();
        double steady = s.smoke() ? 3 : Math.max(8, 20 * scale);
        double stallCall = s.smoke() ? 4 : Math.max(10, 18 * scale);
        r.put("bound_ms", BOUND_MS).put("one_way_delay_ms", ONE_WAY_MS);
        HostLoad host = new HostLoad();
        Set<String> only = only();
        for (boolean relay : new boolean[] {false, true}) {
            String mode = relay ? "relay" : "direct";
            if (runs(only, mode + "_2000k")) {
                steadyCall(s, r, mode + "_2000k", relay, LinkProfile.of(2000, ONE_WAY_MS), steady);
            }
            if (runs(only, mode + "_500k")) {
                steadyCall(s, r, mode + "_500k", relay, LinkProfile.of(500, ONE_WAY_MS), steady);
            }
            if (runs(only, mode + "_stall")) {
                stallCall(s, r, mode + "_stall", relay, LinkProfile.of(2000, ONE_WAY_MS), stallCall);
            }
        }
        if (runs(only, "room")) {
            SlowReceiverRoom.run(s, r, s.smoke() ? 2 : Math.max(6, 8 * scale), s.smoke() ? 3 : Math.max(10, 16 * scale));
        }
        if (runs(only, "chat")) {
            ChatStall.run(s, r, s.smoke() ? Duration.ofMillis(1500) : STALL);
        }
        r.put("other_processes_cpu_cores", host.otherCores());
        r.put("stolen_cores", host.stolenCores());
        return r;
    }

    /**
     * The scenarios to run: all, or those named in {@code -Dduplex.bench.videoLinkOnly} (comma
     * separated: direct_2000k, direct_500k, direct_stall, relay_2000k, relay_500k, relay_stall, room,
     * chat), for repeated runs of one of them.
     */
    private static Set<String> only() {
        String names = System.getProperty("duplex.bench.videoLinkOnly", "").trim();
        return names.isEmpty() ? Set.of() : Set.of(names.split("\\s*,\\s*"));
    }

    private static boolean runs(Set<String> only, String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    /** A call that runs for {@code seconds} on one link; figures over its last two thirds. */
    private static void steadyCall(BenchSettings s, BenchReport r, String key, boolean relay, LinkProfile link,
                                   double seconds) throws Exception {
        s.progress("%s: call over %s for %.0f s...", key, link, seconds);
        try (Pair pair = Pair.open(relay, link)) {
            long t0 = System.nanoTime();
            PathSeries series = new PathSeries(pair.a, pair.b, t0);
            PathSeries back = new PathSeries(pair.b, pair.a, t0);
            tick(seconds, t0, Map.of(), series, back);
            double settle = Math.min(seconds / 3, 6);
            long from = t0 + (long) (settle * 1e9);
            long to = t0 + (long) (seconds * 1e9);
            PathSeries.Window w = series.window(from, to);
            PathSeries.Window wb = back.window(from, to);
            PathSeries.Window all = series.window(t0, to);
            r.put(key + "_fps", Math.min(w.fps(), wb.fps()));
            r.put(key + "_worst_second_fps", Math.min(series.worstSecondFps(settle, seconds),
                    back.worstSecondFps(settle, seconds)));
            r.put(key + "_p50_ms", Math.max(w.p50Ms(), wb.p50Ms()));
            r.put(key + "_p99_ms", Math.max(w.p99Ms(), wb.p99Ms()));
            r.put(key + "_p99_ms_from_start", Math.max(all.p99Ms(), back.window(t0, to).p99Ms()));
            r.put(key + "_shown_kbps", w.kbps());
            r.put(key + "_quality_end", pair.a.call.stats().settings().quality());
            r.put(key + "_scale_end", pair.a.call.stats().settings().scale());
            s.progress("  %.1f fps (worst second %.0f), p99 %.0f ms, %.0f kbit/s, ended at %s", r.get(key + "_fps"),
                    r.get(key + "_worst_second_fps"), r.get(key + "_p99_ms"), w.kbps(),
                    pair.a.call.stats().settings().describe());
            series.print(r, key + ": " + pair.a.name + " -> " + pair.b.name + " over " + link
                    + " (figures from " + (int) settle + " s on)");
            // The figures above are the worse of the two directions: the other one's seconds too.
            back.print(r, key + ": " + pair.b.name + " -> " + pair.a.name + " over " + link
                    + " (figures from " + (int) settle + " s on)");
        }
    }

    /** A call on a 2 Mbit/s link that stalls for 3 s a third of the way in. */
    private static void stallCall(BenchSettings s, BenchReport r, String key, boolean relay, LinkProfile link,
                                  double seconds) throws Exception {
        Duration stall = s.smoke() ? Duration.ofMillis(1000) : STALL;
        double stallAt = Math.max(1, seconds / 3);
        s.progress("%s: call over %s, %d ms stall at %.0f s, %.0f s...", key, link, stall.toMillis(), stallAt, seconds);
        try (Pair pair = Pair.open(relay, link)) {
            long t0 = System.nanoTime();
            PathSeries series = new PathSeries(pair.a, pair.b, t0);
            Map<Integer, Runnable> events = new TreeMap<>();
            long[] stallStart = new long[1];
            events.put((int) stallAt, () -> {
                stallStart[0] = System.nanoTime();
                pair.path().stall(stall);
            });
            tick(seconds, t0, events, series);
            long stallEnd = stallStart[0] + stall.toNanos();
            long to = t0 + (long) (seconds * 1e9);
            List<FrameLog.Shown> after = pair.b.shown.between(pair.a.name, stallEnd, to);
            double firstMs = after.isEmpty() ? -1 : (after.get(0).atNanos() - stallEnd) / 1e6;
            double recoveredMs = -1;
            for (FrameLog.Shown f : after) {
                if (f.latencyMicros() / 1000.0 < BOUND_MS) {
                    recoveredMs = (f.atNanos() - stallEnd) / 1e6;
                    break;
                }
            }
            PathSeries.Window before = series.window(t0 + (long) (Math.min(stallAt / 2, 3) * 1e9), stallStart[0]);
            PathSeries.Window later = series.window(stallEnd + 1_000_000_000L, to);
            r.put(key + "_stall_ms", stall.toMillis());
            r.put(key + "_first_frame_after_stall_ms", firstMs);
            r.put(key + "_recovered_under_bound_after_ms", recoveredMs);
            r.put(key + "_fps_before", before.fps()).put(key + "_p99_ms_before", before.p99Ms());
            r.put(key + "_fps_from_1s_after", later.fps()).put(key + "_p99_ms_from_1s_after", later.p99Ms());
            r.put(key + "_reconnects", pair.a.link.accepted() - 1 + (pair.b.link == null ? 0 : pair.b.link.accepted() - 1));
            s.progress("  first frame %.0f ms after the stall, under %.0f ms after %.0f ms; then %.1f fps, p99 %.0f ms",
                    firstMs, BOUND_MS, recoveredMs, later.fps(), later.p99Ms());
            series.print(r, key + ": " + pair.a.name + " -> " + pair.b.name + " over " + link + ", stall "
                    + stall.toMillis() + " ms at " + (int) stallAt + " s");
        }
    }

    /**
     * Samples every series once a second for {@code seconds}, running {@code events} (keyed by the
     * second they start at) as their time comes.
     */
    static void tick(double seconds, long t0, Map<Integer, Runnable> events, PathSeries... series)
            throws InterruptedException {
        long end = t0 + (long) (seconds * 1e9);
        int second = 0;
        List<Integer> pending = new ArrayList<>(events.keySet());
        while (true) {
            long now = System.nanoTime();
            String note = "";
            while (!pending.isEmpty() && now - (t0 + pending.get(0) * 1_000_000_000L) >= 0) {
                events.get(pending.remove(0)).run();
                note = "event";
            }
            long next = Math.min(end, t0 + (second + 1) * 1_000_000_000L);
            if (!pending.isEmpty()) {
                next = Math.min(next, t0 + pending.get(0) * 1_000_000_000L);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            now = System.nanoTime();
            if (now - (t0 + (second + 1) * 1_000_000_000L) >= 0 || now - end >= 0) {
                second++;
                for (PathSeries p : series) {
                    p.sample(now, note);
                }
            }
            if (now - end >= 0) {
                return;
            }
        }
    }

    /** Two people calling: a direct call through one emulated path, or a relay room with a link each. */
    static final class Pair implements AutoCloseable {
        final Participant a;
        final Participant b;
        private final RelayServer relay;

        private Pair(Participant a, Participant b, RelayServer relay) {
            this.a = a;
            this.b = b;
            this.relay = relay;
        }

        static Pair open(boolean viaRelay, LinkProfile link) {
            if (!viaRelay) {
                Participant b = Participant.listening("bob");
                try {
                    return new Pair(Participant.calling("alice", b, link), b, null);
                } catch (RuntimeException e) {
                    b.close();
                    throw e;
                }
            }
            RelayServer relay = BenchRelay.start();
            try {
                Participant a = Participant.inRoom("alice", relay.port(), "link", link);
                try {
                    return new Pair(a, Participant.inRoom("bob", relay.port(), "link", link), relay);
                } catch (RuntimeException e) {
                    a.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                relay.close();
                throw e;
            }
        }

        /** The emulated link a stall hits: the direct path, or alice's link to the relay. */
        dev.duplex.testkit.link.LinkEmulator path() {
            return a.link;
        }

        @Override
        public void close() {
            a.close();
            b.close();
            if (relay != null) {
                relay.close();
            }
        }
    }
}
