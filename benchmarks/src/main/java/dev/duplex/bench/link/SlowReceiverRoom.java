package dev.duplex.bench.link;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.testkit.link.LinkProfile;
import java.time.Duration;
import java.util.Map;

/**
 * A relay room with one slow receiver: alice and bob on fast links (no cap, 10 ms each way), then
 * carol joins over 500 kbit/s (50 ms each way). Senders adapt to their own links only; the relay
 * drops per receiver (latest frame wins), so what carol sees of alice and whether bob's view of
 * alice changes when she joins is what this measures.
 */
final class SlowReceiverRoom {
    private SlowReceiverRoom() {
    }

    static void run(BenchSettings s, BenchReport r, double aloneSeconds, double withCarolSeconds) throws Exception {
        LinkProfile fast = LinkProfile.builder().delay(Duration.ofMillis(10)).build();
        LinkProfile slow = LinkProfile.of(500, 50);
        s.progress("room: alice and bob on fast links for %.0f s, then carol joins over %s for %.0f s...", aloneSeconds,
                slow, withCarolSeconds);
        try (RelayServer relay = BenchRelay.start();
             Participant alice = Participant.inRoom("alice", relay.port(), "room", fast);
             Participant bob = Participant.inRoom("bob", relay.port(), "room", fast)) {
            long t0 = System.nanoTime();
            PathSeries toBob = new PathSeries(alice, bob, t0);
            VideoLinkBenchmark.tick(aloneSeconds, t0, Map.of(), toBob);
            long joined = System.nanoTime();
            try (Participant carol = Participant.inRoom("carol", relay.port(), "room", slow)) {
                PathSeries toCarol = new PathSeries(alice, carol, joined);
                VideoLinkBenchmark.tick(withCarolSeconds, joined, Map.of(), toBob, toCarol);
                long end = System.nanoTime();
                double settle = Math.min(withCarolSeconds / 3, 5);
                PathSeries.Window bobAlone = toBob.window(t0 + (long) (Math.min(aloneSeconds / 3, 2) * 1e9), joined);
                PathSeries.Window bobWith = toBob.window(joined + (long) (settle * 1e9), end);
                PathSeries.Window carolView = toCarol.window(joined + (long) (settle * 1e9), end);
                r.put("room_bob_fps_alone", bobAlone.fps()).put("room_bob_p99_ms_alone", bobAlone.p99Ms());
                r.put("room_bob_fps_with_carol", bobWith.fps()).put("room_bob_p99_ms_with_carol", bobWith.p99Ms());
                r.put("room_carol_fps", carolView.fps()).put("room_carol_p50_ms", carolView.p50Ms())
                        .put("room_carol_p99_ms", carolView.p99Ms()).put("room_carol_kbps", carolView.kbps());
                r.put("room_alice_quality_end", alice.call.stats().settings().quality());
                r.put("room_alice_scale_end", alice.call.stats().settings().scale());
                r.put("room_relay_video_dropped", relay.stats().videoDropped());
                s.progress("  bob sees alice at %.1f fps p99 %.0f ms alone, %.1f fps p99 %.0f ms with carol; carol sees "
                                + "%.1f fps p99 %.0f ms", bobAlone.fps(), bobAlone.p99Ms(), bobWith.fps(), bobWith.p99Ms(),
                        carolView.fps(), carolView.p99Ms());
                toBob.print(r, "room: alice -> bob (fast link); carol joins at " + Math.round(aloneSeconds) + " s");
                toCarol.print(r, "room: alice -> carol (" + slow + "), from carol's joining");
            }
        }
    }
}
