package dev.duplex.bench.chat;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.transport.EventLoops;
import java.util.List;

/**
 * The chat fan-out load of item 3 run against one relay or spread over several (a cluster's nodes):
 * saturation, then half of its rate for the latency. One instance per benchmark run.
 */
public final class ChatPhases {
    private static final int BODY_BYTES = 16;
    private final EventLoops loops;
    private final int receivers;
    private final int senders;
    private final double warm;
    private final double phase;
    private final BenchSettings settings;

    public ChatPhases(EventLoops loops, int receivers, int senders, double warm, double phase, BenchSettings settings) {
        this.loops = loops;
        this.receivers = receivers;
        this.senders = senders;
        this.warm = warm;
        this.phase = phase;
        this.settings = settings;
    }

    /** Saturates the relays, then runs at half that rate; figures under {@code prefix}. */
    public void measure(BenchReport r, String prefix, List<RelayServer> relays) throws InterruptedException {
        List<Integer> ports = relays.stream().map(RelayServer::port).toList();
        settings.progress("%s: %d receivers, %d senders over %d relay(s), saturating for %.0f s...", prefix, receivers,
                senders, relays.size(), phase);
        try (LoadFleet fleet = LoadFleet.connect(loops, ports, true, receivers, senders, settings.smoke() ? 200 : 2_000,
                BODY_BYTES)) {
            LoadFleet.Phase sat = fleet.run(0, warm, settings.maxJitWaitSeconds(warm), phase);
            settings.progress("  %s", sat.describe());
            put(r, prefix + "_saturation", sat);
            LoadFleet.Phase half = fleet.run(sat.sentPerSecond() / 2, warm, settings.maxJitWaitSeconds(warm), phase);
            settings.progress("  at half: %s", half.describe());
            put(r, prefix + "_half", half);
        }
    }

    private static void put(BenchReport r, String prefix, LoadFleet.Phase p) {
        r.put(prefix + "_sent_per_s", p.sentPerSecond());
        r.put(prefix + "_delivered_per_s", p.deliveredPerSecond());
        r.put(prefix + "_p50_ms", p.ms(50));
        r.put(prefix + "_p99_ms", p.ms(99));
        r.put(prefix + "_lost", p.lost());
        r.put(prefix + "_errors", p.errors() + p.disconnected());
    }
}
