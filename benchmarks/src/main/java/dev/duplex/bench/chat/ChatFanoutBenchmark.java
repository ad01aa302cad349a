package dev.duplex.bench.chat;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.JfrHotMethods;
import dev.duplex.bench.LoopLag;
import dev.duplex.bench.ThreadProfile;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.EventLoops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Item 3: one room, 100 receivers and 4 senders of small TEXT messages through the duplex relay
 * (with its history in a file, as {@code ./duplex server} runs it), against a bare Netty relay
 * (written here) measured in the same run with the same load generator, at each of its thread
 * counts so that its best is known. Reports deliveries per second at saturation (no message
 * lost), the ratios to the bare relay's best and to the bare relay with duplex's threads, the CPU
 * each relay spends per delivery, and end-to-end latency at 25, 50 and 75 % of duplex's saturation.
 */
public final class ChatFanoutBenchmark implements Benchmark {
    private static final int BODY_BYTES = 16;

    @Override
    public String name() {
        return "chat-fanout";
    }

    @Override
    public String description() {
        return "one room, 100 receivers, 4 senders: delivered msg/s at saturation vs a bare Netty relay at its "
                + "best thread count, latency at 25/50/75 % load";
    }

    @Override
    public int defaultSeconds() {
        return 90;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        int receivers = s.smoke() ? 10 : 100;
        int senders = s.smoke() ? 2 : 4;
        long window = s.smoke() ? 200 : 2_000;
        int relayThreads = Integer.getInteger("duplex.bench.relayThreads", RelayServer.DEFAULT_THREADS);
        int[] bareThreads = Arrays.stream(System.getProperty("duplex.bench.bareThreads", "1,2,0").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        boolean durable = !System.getProperty("duplex.bench.history", "file").equals("memory");
        int loadThreads = Integer.getInteger("duplex.bench.loadThreads", 2);
        int maxBatchedWrites = Integer.getInteger("duplex.bench.maxBatchedWrites", WriteBatch.DEFAULT_MAX_WRITES);
        int writesPerTurn = Integer.getInteger("duplex.bench.writesPerTurn", WriteBatch.DEFAULT_WRITES_PER_TURN);
        int maxCoalescedBytes = Integer.getInteger("duplex.bench.maxCoalescedBytes",
                WriteBatch.DEFAULT_MAX_COALESCED_BYTES);
        String batchIntervalMs = System.getProperty("duplex.bench.historyBatchIntervalMs");
        HistoryConfig historyConfig = batchIntervalMs == null ? HistoryConfig.DEFAULT : HistoryConfig.DEFAULT
                .withMinBatchInterval(Duration.ofNanos(Math.round(Double.parseDouble(batchIntervalMs) * 1e6)));
        // The measured phases share the time (bare relay per thread count, duplex at saturation and
        // three loads, the bare relay at duplex's half load); each starts with a warm-up of a fifth
        // of its length (at least 1 s), then goes on while the JIT compilers are busy, for at most
        // maxJitWait more (LoadFleet.warmUp).
        int phases = bareThreads.length + 5;
        double phase = s.smoke() ? 0.7 : Math.max(1, s.seconds() / (phases * 1.2));
        double warm = Math.max(s.smoke() ? 0.3 : 1, phase / 5);
        double maxJitWait = s.maxJitWaitSeconds(warm);
        BenchReport r = new BenchReport(name());
        r.put("receivers", receivers).put("senders", senders).put("body_bytes", BODY_BYTES)
                .put("window_messages", window).put("phase_seconds", phase)
                .put("max_jit_wait_seconds", maxJitWait);
        r.put("relay_threads", relayThreads).put("load_threads", loadThreads)
                .put("relay_max_batched_writes", maxBatchedWrites).put("relay_writes_per_turn", writesPerTurn)
                .put("relay_max_coalesced_bytes", maxCoalescedBytes)
                .put("durable_history", durable ? 1 : 0)
                .put("history_min_batch_interval_ms", historyConfig.minBatchInterval().toNanos() / 1e6);
        r.line("relay threads: duplex %d (its default: one per core unless -Dduplex.bench.relayThreads); 0 is Netty's "
                + "default, 2 x cores = %d here", relayThreads, 2 * Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("duplex-chat-fanout");
        try (EventLoops loadLoops = EventLoops.create(loadThreads, "load")) {
            s.progress("history store alone (%s, no network) for %.0f s...", durable ? "SQLite file" : "in-memory SQLite",
                    warm * 2);
            double history = HistoryCeiling.messagesPerSecond(durable ? dir.resolve("ceiling.db") : null, warm * 2);
            r.put("history_store_msgs_per_s", history);
            r.put("history_store_ceiling_deliveries_per_s", history * receivers);
            s.progress("  %.0f messages/s stored: at most %.0f deliveries/s to %d receivers", history,
                    history * receivers, receivers);

            Fleet fleet = (port, handshake) -> LoadFleet.connect(loadLoops, port, handshake, receivers, senders, window,
                    BODY_BYTES);
            LoadFleet.Phase best = null;
            int bestThreads = -1;
            LoadFleet.Phase bareAtDuplexThreads = null;
            for (int threads : bareThreads) {
                s.progress("bare relay, %d threads: %d receivers, %d senders, saturating for %.0f s...", threads,
                        receivers, senders, phase);
                LoadFleet.Phase bare = bareSaturation(threads, fleet, warm, maxJitWait, phase, r);
                s.progress("  %s; relay loops late by p99 %.1f ms", bare.describe(),
                        r.get("bare_t" + threads + "_saturation_relay_loop_lag_p99_ms"));
                put(r, "bare_t" + threads + "_saturation", bare);
                if (best == null || bare.deliveredPerSecond() > best.deliveredPerSecond()) {
                    best = bare;
                    bestThreads = threads;
                }
                if (threads == relayThreads) {
                    bareAtDuplexThreads = bare;
                }
            }
            r.put("bare_best_threads", bestThreads);
            put(r, "bare_best_saturation", best);

            double satRate;
            s.progress("duplex relay (%d threads, history %s): same load, saturating for %.0f s...", relayThreads,
                    durable ? "in a file" : "in memory", phase);
            try (EventLoops relayLoops = EventLoops.create(relayThreads, "duplex-relay");
                 RelayServer relay = duplexRelay(relayLoops, durable ? dir.resolve("relay.db") : null,
                         maxBatchedWrites, writesPerTurn, maxCoalescedBytes, historyConfig).start();
                 LoadFleet load = fleet.connect(relay.port(), true);
                 LoopLag lag = new LoopLag(relayLoops.group())) {
                ThreadProfile profile = new ThreadProfile();
                double warmed = load.warmUp(0, warm, maxJitWait);
                JfrHotMethods jfr = JfrHotMethods.startIfAsked();
                LoadFleet.Phase sat = measure(load, phase, warmed, lag, profile);
                String hot = jfr == null ? null : jfr.stopAndSummarize(25, "duplex-");
                s.progress("  %s; relay loops late by p99 %.1f ms", sat.describe(), lag.percentileMillis(99));
                put(r, "duplex_saturation", sat);
                putLag(r, "duplex_saturation", lag);
                r.put("duplex_to_bare_best_ratio", sat.deliveredPerSecond() / best.deliveredPerSecond());
                if (bareAtDuplexThreads != null) {
                    r.put("duplex_to_bare_ratio", sat.deliveredPerSecond() / bareAtDuplexThreads.deliveredPerSecond());
                }
                putCpu(r, "duplex_saturation", profile, sat, "duplex-relay", "duplex-history");
                r.put("duplex_saturation_alloc_bytes_per_delivery",
                        profile.totalAllocatedBytes() / Math.max(1, sat.deliveredPerSecond() * phase));
                r.line("Threads during duplex saturation (relay loops: duplex-relay, history writer: duplex-history, "
                        + "load generator: load):");
                r.line("%s", profile.table());
                if (hot != null) {
                    r.line("JFR profile of the duplex relay's threads during saturation:%n%s", hot);
                }
                satRate = sat.sentPerSecond();
                for (int pct : new int[] {25, 50, 75}) {
                    s.progress("duplex relay at %d %% (%.0f msg/s sent) for %.0f s...", pct, satRate * pct / 100, phase);
                    ThreadProfile cpu = new ThreadProfile();
                    LoadFleet.Phase p = measure(load, phase, load.warmUp(satRate * pct / 100, warm, maxJitWait), lag,
                            cpu);
                    s.progress("  %s; relay loops late by p99 %.1f ms", p.describe(), lag.percentileMillis(99));
                    put(r, "duplex_load" + pct, p);
                    putLag(r, "duplex_load" + pct, lag);
                    putCpu(r, "duplex_load" + pct, cpu, p, "duplex-relay", "duplex-history");
                }
            }
            // The same half-load rate through the bare relay at its best: the latency the machine and
            // the load generator add by themselves, to compare duplex's tail with.
            s.progress("bare relay (%d threads) at duplex's 50 %% rate (%.0f msg/s sent) for %.0f s...", bestThreads,
                    satRate / 2, phase);
            try (BareRelay bareAgain = BareRelay.start("127.0.0.1", 0, bestThreads);
                 LoadFleet load = fleet.connect(bareAgain.port(), false);
                 LoopLag lag = new LoopLag(bareAgain.group())) {
                ThreadProfile cpu = new ThreadProfile();
                LoadFleet.Phase p = measure(load, phase, load.warmUp(satRate / 2, warm, maxJitWait), lag, cpu);
                s.progress("  %s; relay loops late by p99 %.1f ms", p.describe(), lag.percentileMillis(99));
                put(r, "bare_at_duplex_load50", p);
                putLag(r, "bare_at_duplex_load50", lag);
                putCpu(r, "bare_at_duplex_load50", cpu, p, "bare-relay");
                r.put("duplex_to_bare_cpu_per_delivery_at_load50",
                        r.get("duplex_load50_relay_cpu_us_per_delivery")
                                / r.get("bare_at_duplex_load50_relay_cpu_us_per_delivery"));
            }
        } finally {
            deleteAll(dir);
        }
        return r;
    }

    /** The duplex relay under test, on {@code loops}, its history in {@code historyFile} (null: memory); not started. */
    private static RelayServer duplexRelay(EventLoops loops, Path historyFile, int maxBatchedWrites, int writesPerTurn,
            int maxCoalescedBytes, HistoryConfig history) {
        RelayServer.Builder builder = RelayServer.builder().bindHost("127.0.0.1").port(0).limits(AbuseLimits.NONE)
                .eventLoops(loops).maxBatchedWrites(maxBatchedWrites).writesPerTurn(writesPerTurn)
                .maxCoalescedBytes(maxCoalescedBytes).historyConfig(history);
        if (historyFile != null) {
            builder.historyFile(historyFile);
        }
        return builder.build();
    }

    /**
     * The measured part of a phase that {@code load.warmUp} started, with the relay's loop lag and the
     * threads' CPU ({@code cpu}) over it.
     */
    private static LoadFleet.Phase measure(LoadFleet load, double phase, double warmed, LoopLag lag, ThreadProfile cpu)
            throws Exception {
        lag.reset();
        cpu.start();
        LoadFleet.Phase p = load.measure(phase, warmed);
        cpu.stop();
        lag.endInterval();
        return p;
    }

    private static void putLag(BenchReport r, String prefix, LoopLag lag) {
        r.put(prefix + "_relay_loop_lag_p99_ms", lag.percentileMillis(99));
        r.put(prefix + "_relay_loop_lag_max_ms", lag.percentileMillis(100));
    }

    /** Connects the load generator's receivers and senders to a relay. */
    private interface Fleet {
        LoadFleet connect(int port, boolean handshake);
    }

    private static LoadFleet.Phase bareSaturation(int threads, Fleet fleet, double warm, double maxJitWait,
                                                  double phase, BenchReport r)
            throws Exception {
        try (BareRelay relay = BareRelay.start("127.0.0.1", 0, threads);
             LoadFleet load = fleet.connect(relay.port(), false);
             LoopLag lag = new LoopLag(relay.group())) {
            ThreadProfile profile = new ThreadProfile();
            double warmed = load.warmUp(0, warm, maxJitWait);
            JfrHotMethods jfr = JfrHotMethods.startIfAsked();
            LoadFleet.Phase bare = measure(load, phase, warmed, lag, profile);
            putLag(r, "bare_t" + threads + "_saturation", lag);
            putCpu(r, "bare_t" + threads + "_saturation", profile, bare, "bare-relay");
            r.line("Threads during bare saturation, %d relay threads (relay loops: bare-relay, load generator: load):",
                    threads);
            r.line("%s", profile.table());
            if (jfr != null) {
                r.line("JFR profile of the bare relay's threads (%d) during saturation:%n%s", threads,
                        jfr.stopAndSummarize(15, "bare-relay"));
            }
            return bare;
        }
    }

    /** CPU per delivery of the relay's threads (groups named {@code relayGroups}) and of the load generator. */
    private static void putCpu(BenchReport r, String prefix, ThreadProfile profile, LoadFleet.Phase p,
                               String... relayGroups) {
        double relayCores = Stream.of(relayGroups).mapToDouble(profile::cores).sum();
        double perDelivery = 1e6 / Math.max(1, p.deliveredPerSecond());
        r.put(prefix + "_relay_cores", relayCores);
        r.put(prefix + "_relay_cpu_us_per_delivery", relayCores * perDelivery);
        r.put(prefix + "_load_cpu_us_per_delivery", profile.cores("load") * perDelivery);
    }

    private static void put(BenchReport r, String prefix, LoadFleet.Phase p) {
        r.put(prefix + "_sent_per_s", p.sentPerSecond());
        r.put(prefix + "_delivered_per_s", p.deliveredPerSecond());
        r.put(prefix + "_p50_ms", p.ms(50));
        r.put(prefix + "_p99_ms", p.ms(99));
        r.put(prefix + "_since_relay_read_p50_ms", p.sinceRelayReadMs(50));
        r.put(prefix + "_since_relay_read_p99_ms", p.sinceRelayReadMs(99));
        r.put(prefix + "_p999_ms", p.ms(99.9));
        r.put(prefix + "_max_ms", p.latencyMicros().getMaxValue() / 1000.0);
        r.put(prefix + "_lost", p.lost());
        r.put(prefix + "_errors", p.errors() + p.disconnected());
        r.put(prefix + "_gc_count", p.gcCount());
        r.put(prefix + "_gc_ms", p.gcMillis());
        r.put(prefix + "_jit_ms", p.jitMillis());
        r.put(prefix + "_warmup_s", p.warmupSeconds());
        r.put(prefix + "_other_processes_cores", p.otherCores());
        r.put(prefix + "_stolen_cores", p.stolenCores());
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
