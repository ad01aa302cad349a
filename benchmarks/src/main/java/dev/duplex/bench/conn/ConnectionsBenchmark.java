package dev.duplex.bench.conn;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.JfrHotMethods;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Item 4: idle clients held by one relay in its own JVM, stepping up to about 18 000 (the open-file
 * limit is 20 000 per process), for the duplex relay and for the bare Netty relay in the same run:
 * heap after GC, RSS and direct memory per connection, time to connect, CPU spent idle (heartbeats).
 */
public final class ConnectionsBenchmark implements Benchmark {
    private static final int RELAY_HEAP_MB = 2048;
    /** As in item 3 of the first round: a room per 200 clients while stepping up. */
    private static final int STEP_MEMBERS_PER_ROOM = 200;
    /** The relay's default room size ({@code RelayServer.Builder.maxMembersPerRoom}). */
    private static final int JOIN_MEMBERS_PER_ROOM = 256;
    /** Joins (then closed) that warm the relay's JVM up before the measured ones: a relay that has run a while. */
    private static final int WARM_UP_JOINS = 6_000;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public String description() {
        return "idle connections up to 18 000 on the duplex relay and on a bare Netty relay: memory per "
                + "connection, connect time, heartbeat CPU";
    }

    @Override
    public int defaultSeconds() {
        return 40;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        int[] steps = s.smoke() ? new int[] {100} : new int[] {2_000, 6_000, 12_000, 18_000};
        double idleSeconds = s.smoke() ? 0.5 : Math.max(5, s.seconds() / 2.0);
        BenchReport r = new BenchReport(name());
        r.put("max_connections", steps[steps.length - 1]).put("idle_window_seconds", idleSeconds)
                .put("relay_max_heap_mb", RELAY_HEAP_MB);
        // -Dduplex.bench.joinsOnly=true: only the joins (a quicker run while working on them).
        boolean joinsOnly = Boolean.getBoolean("duplex.bench.joinsOnly");
        for (String kind : joinsOnly ? new String[0] : new String[] {"duplex", "bare"}) {
            measure(kind, steps, idleSeconds, s, r);
        }
        for (String kind : new String[] {"duplex", "bare"}) {
            joins(kind, steps[steps.length - 1], s, r);
        }
        r.put("duplex_to_bare_join_rate_ratio",
                r.get("duplex_joins_per_second") / r.get("bare_joins_per_second"));
        if (joinsOnly) {
            return r;
        }
        r.put("duplex_to_bare_heap_per_connection_ratio",
                r.get("duplex_heap_bytes_per_connection") / r.get("bare_heap_bytes_per_connection"));
        r.put("duplex_to_bare_rss_per_connection_ratio",
                r.get("duplex_rss_bytes_per_connection") / r.get("bare_rss_bytes_per_connection"));
        return r;
    }

    private static void measure(String kind, int[] steps, double idleSeconds, BenchSettings s, BenchReport r)
            throws Exception {
        s.progress("%s relay in its own JVM (-Xmx%dm): stepping up to %d idle connections...", kind, RELAY_HEAP_MB,
                steps[steps.length - 1]);
        try (ChildRelay relay = ChildRelay.start(kind, RELAY_HEAP_MB);
             IdleClients clients = new IdleClients(relay.port(), kind.equals("duplex"), STEP_MEMBERS_PER_ROOM,
                     "room-")) {
            Map<String, Long> base = relay.stats();
            r.line("%s relay (pid %d): %8s %10s %10s %10s %10s %8s", kind, relay.pid(), "conns", "heap MB",
                    "RSS MB", "direct MB", "connect s", "conn/s");
            r.line("%s %28d %10.1f %10.1f %10.1f %10s %8s", "", 0, base.get("heap") / 1e6, base.get("rss") / 1e6,
                    base.get("direct") / 1e6, "-", "-");
            Map<String, Long> last = base;
            long totalConnectNanos = 0;
            for (int step : steps) {
                int before = clients.size();
                long t0 = System.nanoTime();
                clients.growTo(step, 120);
                long took = System.nanoTime() - t0;
                totalConnectNanos += took;
                last = relay.stats();
                // A client counts as connected before the relay has accepted it: wait for the relay's count.
                long acceptDeadline = System.nanoTime() + 30_000_000_000L;
                while (last.get("connections") < step && System.nanoTime() < acceptDeadline) {
                    Thread.sleep(200);
                    last = relay.stats();
                }
                if (last.get("connections") < step) {
                    throw new IllegalStateException("The " + kind + " relay holds " + last.get("connections")
                            + " connections, expected " + step + ".");
                }
                double secs = took / 1e9;
                s.progress("  %d connections (+%d in %.1f s): heap %.1f MB, RSS %.1f MB, direct %.1f MB", step,
                        step - before, secs, last.get("heap") / 1e6, last.get("rss") / 1e6, last.get("direct") / 1e6);
                r.line("%s %28d %10.1f %10.1f %10.1f %10.1f %8.0f", "", step, last.get("heap") / 1e6,
                        last.get("rss") / 1e6, last.get("direct") / 1e6, secs, (step - before) / secs);
            }
            int n = steps[steps.length - 1];
            if (!s.smoke()) {
                int top = Integer.getInteger("duplex.bench.histogramTop", 20);
                r.line("%s relay heap histogram at %d connections (jcmd GC.class_histogram, top %d):%n%s", kind, n,
                        top, relay.heapHistogram(top));
            }
            r.put(kind + "_connect_seconds", totalConnectNanos / 1e9);
            r.put(kind + "_connects_per_second", n / (totalConnectNanos / 1e9));
            r.put(kind + "_heap_bytes_per_connection", (double) (last.get("heap") - base.get("heap")) / n);
            r.put(kind + "_rss_bytes_per_connection", (double) (last.get("rss") - base.get("rss")) / n);
            r.put(kind + "_direct_bytes_per_connection", (double) (last.get("direct") - base.get("direct")) / n);
            // Idle: only heartbeats (duplex) or nothing at all (bare) happen now.
            long cpu0 = relay.stats().get("cpuNanos");
            long t0 = System.nanoTime();
            Thread.sleep((long) (idleSeconds * 1000));
            long cpu1 = relay.stats().get("cpuNanos");
            double wall = (System.nanoTime() - t0) / 1e9;
            // Each STATS costs two full GCs; that CPU is not the heartbeat's: measure one and subtract it.
            long g0 = relay.stats().get("cpuNanos");
            long g1 = relay.stats().get("cpuNanos");
            double idleCores = Math.max(0, (cpu1 - cpu0) - (g1 - g0)) / 1e9 / wall;
            r.put(kind + "_idle_cpu_cores", idleCores);
            r.put(kind + "_idle_cpu_micros_per_connection_per_second", idleCores * 1e6 / n);
        }
    }

    /**
     * {@code n} clients join a relay in one go (after a warm-up), in rooms of the default size: the time until
     * every one has its room's snapshot (bare: is connected), the rate, each join's time from
     * connect to snapshot, and the relay's CPU while they joined.
     */
    private static void joins(String kind, int n, BenchSettings s, BenchReport r) throws Exception {
        try (ChildRelay relay = ChildRelay.start(kind, RELAY_HEAP_MB)) {
            if (!s.smoke()) {
                warmUp(kind, relay, s, r);
            }
            joins(kind, relay, n, s, r);
        }
    }

    /**
     * {@link #WARM_UP_JOINS} clients join (other rooms) and leave a fresh relay: its code is compiled
     * when the measured joins come, as in a relay that has been running. Their rate is the cold one.
     */
    private static void warmUp(String kind, ChildRelay relay, BenchSettings s, BenchReport r) throws Exception {
        s.progress("%s relay in its own JVM: %d clients join rooms of %d and leave (warm-up)...", kind, WARM_UP_JOINS,
                JOIN_MEMBERS_PER_ROOM);
        try (IdleClients warm = new IdleClients(relay.port(), kind.equals("duplex"), JOIN_MEMBERS_PER_ROOM, "warm-")) {
            long t0 = System.nanoTime();
            warm.growTo(WARM_UP_JOINS, 120);
            double secs = (System.nanoTime() - t0) / 1e9;
            s.progress("  %d joined a fresh relay in %.2f s (%.0f/s)", WARM_UP_JOINS, secs, WARM_UP_JOINS / secs);
            r.put(kind + "_cold_joins_per_second", WARM_UP_JOINS / secs);
        }
        relay.awaitNoConnections(60);
    }

    private static void joins(String kind, ChildRelay relay, int n, BenchSettings s, BenchReport r) throws Exception {
        s.progress("%s relay: %d clients join rooms of %d...", kind, n, JOIN_MEMBERS_PER_ROOM);
        try (IdleClients clients = new IdleClients(relay.port(), kind.equals("duplex"), JOIN_MEMBERS_PER_ROOM,
                "room-")) {
            boolean profile = JfrHotMethods.asked() && kind.equals("duplex");
            long cpu0 = relay.stats().get("cpuNanos");
            if (profile) {
                relay.startProfile();
            }
            long t0 = System.nanoTime();
            clients.growTo(n, 120);
            double secs = (System.nanoTime() - t0) / 1e9;
            String summary = profile ? relay.endProfile() : null;
            long relayCpu = relay.stats().get("cpuNanos") - cpu0;
            double relayCores = relayCpu / 1e9 / secs;
            Histogram h = clients.joinMicros();
            s.progress("  %d joined in %.2f s (%.0f/s); a join took p50 %.1f ms, p99 %.1f ms; relay %.2f cores", n,
                    secs, n / secs, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    relayCores);
            r.put(kind + "_join_seconds", secs);
            r.put(kind + "_joins_per_second", n / secs);
            r.put(kind + "_join_p50_ms", h.getValueAtPercentile(50) / 1000.0);
            r.put(kind + "_join_p99_ms", h.getValueAtPercentile(99) / 1000.0);
            r.put(kind + "_join_max_ms", h.getMaxValue() / 1000.0);
            r.put(kind + "_join_relay_cores", relayCores);
            if (kind.equals("duplex")) {
                // One SNAPSHOT per join plus the JOINED frames: one per member and join if unbatched.
                r.put("duplex_join_presence_frames_per_join", (double) clients.presenceFrames() / n);
            }
            // The relay process's CPU (JIT and GC included: a fresh JVM) per join: less sensitive to a busy machine.
            r.put(kind + "_join_relay_cpu_micros_per_join", relayCpu / 1e3 / n);
            if (summary != null) {
                r.line("duplex relay while %d clients joined (Flight Recorder):%n%s", n, summary);
            }
        }
    }
}
