package dev.duplex.cli;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.relay.RelayStats;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.core.transport.EventLoops;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The headless demo: a relay on a free loopback port and two clients, alice and bob, each sending
 * a text every 100 ms and a JPEG frame at 15 fps for a few seconds; then a summary of what crossed.
 */
final class HeadlessDemo {
    private static final int FPS = 15;
    /** The demo relay's throw-away TLS identity, pinned by its clients: TLS like a real relay, nothing to ask. */
    private final Identity identity = Identity.generate();
    private final int seconds;

    HeadlessDemo(int seconds) {
        this.seconds = seconds;
    }

    /** What each participant sent and received. */
    record Tally(String name, long textsSent, long textsAcked, long textsReceived, long framesOffered,
                 long framesReceived, long framesDropped, double meanLatencyMs, long rttMicros) {
    }

    /** The outcome of one run. */
    record Summary(List<Tally> tallies, RelayStats relay, int seconds) {
        boolean ok() {
            return tallies.stream().allMatch(t -> t.textsAcked() == t.textsSent() && t.framesReceived() > 0
                    && t.textsReceived() > 0);
        }

        String format() {
            StringBuilder b = new StringBuilder("Summary after " + seconds + " s:\n");
            for (Tally t : tallies) {
                b.append(String.format("  %-5s texts sent %d, acknowledged %d, received %d | video frames offered %d, "
                                + "received %d, dropped %d, mean latency %.1f ms | RTT %s%n", t.name(), t.textsSent(),
                        t.textsAcked(), t.textsReceived(), t.framesOffered(), t.framesReceived(), t.framesDropped(),
                        t.meanLatencyMs(), t.rttMicros() < 0 ? "n/a" : String.format("%.2f ms", t.rttMicros() / 1000.0)));
            }
            b.append(String.format("  relay: %d texts and %d video frames relayed, %d deliveries%n", relay.textRelayed(),
                    relay.videoRelayed(), relay.deliveries()));
            b.append(ok() ? "OK: every text was acknowledged and both sides received text and video."
                    : "PROBLEM: some texts were not acknowledged or nothing was received.");
            return b.toString();
        }
    }

    /** Counts what one participant receives. */
    private static final class Counter implements SessionListener {
        final LongAdder texts = new LongAdder();
        final LongAdder frames = new LongAdder();
        final AtomicLong latencyMicrosTotal = new AtomicLong();

        @Override
        public void onText(Session session, TextMessage message) {
            texts.increment();
        }

        @Override
        public void onVideo(Session session, VideoMessage frame) {
            frames.increment();
            latencyMicrosTotal.addAndGet(Clock.nowMicros() - frame.captureTimeMicros());
        }
    }

    Summary run(PrintWriter out) throws Exception {
        try (EventLoops loops = EventLoops.create(2, "duplex-demo");
             RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).eventLoops(loops)
                     .tls(TlsOptions.server(identity)).build().start()) {
            out.println("Relay on 127.0.0.1:" + relay.port() + " (TLS, identity " + identity.fingerprint()
                    + "); alice and bob join room 'demo' for " + seconds + " s...");
            out.flush();
            Counter aliceSees = new Counter();
            Counter bobSees = new Counter();
            Session alice = connect(relay, loops, "alice", aliceSees);
            Session bob = connect(relay, loops, "bob", bobSees);
            DemoFrames frames = new DemoFrames(320, 240);
            long[] sentTexts = new long[2];
            long[] acked = new long[2];
            long[] offered = new long[2];
            CompletableFuture<?>[] lastAck = new CompletableFuture<?>[2];
            Session[] both = {alice, bob};
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long tick = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 2; i++) {
                    if (tick % 3 == 0) {
                        int who = i;
                        sentTexts[i]++;
                        lastAck[i] = both[i].sendText("message " + sentTexts[i] + " from " + both[i].nickname())
                                .thenRun(() -> {
                                    synchronized (acked) {
                                        acked[who]++;
                                    }
                                });
                    }
                    byte[] jpeg = frames.next(both[i].nickname(), tick);
                    if (both[i].sendVideo(frames.width(), frames.height(), Clock.nowMicros(), jpeg)) {
                        offered[i]++;
                    }
                }
                tick++;
                Thread.sleep(1000 / FPS);
            }
            for (CompletableFuture<?> f : lastAck) {
                if (f != null) {
                    f.exceptionally(t -> null).get();
                }
            }
            Thread.sleep(200); // let the last frames land before counting
            Summary summary;
            synchronized (acked) {
                summary = new Summary(List.of(tally(alice, sentTexts[0], acked[0], offered[0], aliceSees),
                        tally(bob, sentTexts[1], acked[1], offered[1], bobSees)), relay.stats(), seconds);
            }
            alice.close();
            bob.close();
            return summary;
        }
    }

    private Session connect(RelayServer relay, EventLoops loops, String nick, Counter counter) {
        return DuplexClient.builder().port(relay.port()).nickname(nick).room("demo").listener(counter)
                .tls(TlsOptions.pinned(identity.fingerprint())).eventLoops(loops).connect().join();
    }

    private static Tally tally(Session s, long sent, long acked, long offered, Counter seen) {
        long frames = seen.frames.sum();
        double latency = frames == 0 ? 0 : seen.latencyMicrosTotal.get() / 1000.0 / frames;
        return new Tally(s.nickname(), sent, acked, seen.texts.sum(), offered, frames, s.stats().videoDropped(),
                latency, s.stats().rttMicros());
    }
}
