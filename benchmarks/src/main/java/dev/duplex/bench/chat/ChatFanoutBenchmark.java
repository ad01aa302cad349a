package dev.duplex.bench.chat;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.JfrHotMethods;
import dev.duplex.bench.ThreadProfile;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.EventLoops;

/**
 * Item 3: one room, 100 receivers and 4 senders of small TEXT messages through the duplex relay,
 * against a bare Netty relay (written here) measured in the same run with the same load generator.
 * Reports deliveries per second at saturation (no message lost), the ratio to the bare relay, and
 * end-to-end latency percentiles at 25, 50 and 75 % of the duplex saturation rate.
 */
public final class ChatFanoutBenchmark implements Benchmark {
    private static final int BODY_BYTES = 16;

    @Override
    public String name() {
        return "chat-fanout";
    }

    @Override
    public String description() {
        return "one room, 100 receivers, 4 senders: delivered msg/s at saturation vs a bare Netty relay, "
                + "latency at 25/50/75 % load";
    }

    @Override
    public int defaultSeconds() {
        return 60;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        int receivers = s.smoke() ? 10 : 100;
        int senders = s.smoke() ? 2 : 4;
        long window = s.smoke() ? 200 : 2_000;
        // Six measured phases share the time; each has a warm-up of a fifth of its length (at least 1 s).
        double phase = s.smoke() ? 0.7 : Math.max(1, s.seconds() / 7.0);
        double warm = Math.max(s.smoke() ? 0.3 : 1, phase / 5);
        BenchReport r = new BenchReport(name());
        r.put("receivers", receivers).put("senders", senders).put("body_bytes", BODY_BYTES)
                .put("window_messages", window).put("phase_seconds", phase);
        int relayThreads = Integer.getInteger("duplex.bench.relayThreads", 0);
        int loadThreads = Integer.getInteger("duplex.bench.loadThreads", 2);
        int maxBatchedWrites = Integer.getInteger("duplex.bench.maxBatchedWrites",
                WriteBatch.DEFAULT_MAX_WRITES);
        r.put("relay_threads", relayThreads).put("load_threads", loadThreads)
                .put("relay_max_batched_writes", maxBatchedWrites);
        s.progress("history store alone (in-memory SQLite, no network) for %.0f s...", warm * 2);
        double history = HistoryCeiling.messagesPerSecond(warm * 2);
        r.put("history_store_msgs_per_s", history);
        r.put("history_store_ceiling_deliveries_per_s", history * receivers);
        s.progress("  %.0f messages/s stored: at most %.0f deliveries/s to %d receivers", history, history * receivers,
                receivers);
        try (EventLoops loadLoops = EventLoops.create(loadThreads, "load")) {
            LoadFleet.Phase bare;
            s.progress("bare relay: %d receivers, %d senders, saturating for %.0f s...", receivers, senders, phase);
            try (BareRelay relay = BareRelay.start("127.0.0.1", 0, relayThreads);
                 LoadFleet fleet = LoadFleet.connect(loadLoops, relay.port(), false, receivers, senders, window,
                         BODY_BYTES)) {
                ThreadProfile profile = new ThreadProfile().start();
                JfrHotMethods jfr = JfrHotMethods.startIfAsked();
                bare = fleet.run(0, warm, phase);
                profile.stop();
                r.line("Threads during bare saturation (relay loops: bare-relay, load generator: load):");
                r.line("%s", profile.table());
                if (jfr != null) {
                    r.line("JFR hottest frames during bare saturation:%n%s", jfr.stopAndSummarize(15));
                }
            }
            s.progress("  %s", bare.describe());
            put(r, "bare_saturation", bare);

            double satRate;
            s.progress("duplex relay: same load, saturating for %.0f s...", phase);
            RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).limits(AbuseLimits.NONE)
                    .threads(relayThreads).maxBatchedWrites(maxBatchedWrites).build().start();
            try (relay; LoadFleet fleet = LoadFleet.connect(loadLoops, relay.port(), true, receivers, senders, window,
                    BODY_BYTES)) {
                ThreadProfile profile = new ThreadProfile().start();
                JfrHotMethods jfr = JfrHotMethods.startIfAsked();
                LoadFleet.Phase sat = fleet.run(0, warm, phase);
                profile.stop();
                String hot = jfr == null ? null : jfr.stopAndSummarize(15);
                s.progress("  %s", sat.describe());
                put(r, "duplex_saturation", sat);
                r.put("duplex_to_bare_ratio", sat.deliveredPerSecond() / bare.deliveredPerSecond());
                r.put("duplex_saturation_process_cpu_cores", profile.processCores());
                r.put("duplex_saturation_alloc_bytes_per_delivery",
                        profile.totalAllocatedBytes() / Math.max(1, sat.deliveredPerSecond() * (phase + warm)));
                r.line("Threads during duplex saturation (relay loops: duplex-relay, history writer: duplex-history, "
                        + "load generator: load):");
                r.line("%s", profile.table());
                if (hot != null) {
                    r.line("JFR hottest frames during duplex saturation:%n%s", hot);
                }
                satRate = sat.sentPerSecond();
                for (int pct : new int[] {25, 50, 75}) {
                    s.progress("duplex relay at %d %% (%.0f msg/s sent) for %.0f s...", pct, satRate * pct / 100, phase);
                    LoadFleet.Phase p = fleet.run(satRate * pct / 100, warm, phase);
                    s.progress("  %s", p.describe());
                    put(r, "duplex_load" + pct, p);
                }
            }
            // The same half-load rate through the bare relay: the latency the machine and the load
            // generator add by themselves, to compare duplex's tail with.
            s.progress("bare relay at duplex's 50 %% rate (%.0f msg/s sent) for %.0f s...", satRate / 2, phase);
            try (BareRelay bareAgain = BareRelay.start("127.0.0.1", 0, relayThreads);
                 LoadFleet fleet = LoadFleet.connect(loadLoops, bareAgain.port(), false, receivers, senders, window,
                         BODY_BYTES)) {
                LoadFleet.Phase p = fleet.run(satRate / 2, warm, phase);
                s.progress("  %s", p.describe());
                put(r, "bare_at_duplex_load50", p);
            }
        }
        return r;
    }

    private static void put(BenchReport r, String prefix, LoadFleet.Phase p) {
        r.put(prefix + "_sent_per_s", p.sentPerSecond());
        r.put(prefix + "_delivered_per_s", p.deliveredPerSecond());
        r.put(prefix + "_p50_ms", p.ms(50));
        r.put(prefix + "_p99_ms", p.ms(99));
        r.put(prefix + "_p999_ms", p.ms(99.9));
        r.put(prefix + "_max_ms", p.latencyMicros().getMaxValue() / 1000.0);
        r.put(prefix + "_lost", p.lost());
        r.put(prefix + "_errors", p.errors() + p.disconnected());
        r.put(prefix + "_gc_count", p.gcCount());
        r.put(prefix + "_gc_ms", p.gcMillis());
    }
}
