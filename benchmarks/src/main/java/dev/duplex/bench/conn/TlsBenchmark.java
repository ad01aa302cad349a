package dev.duplex.bench.conn;

import com.sun.management.OperatingSystemMXBean;
import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.JfrHotMethods;
import dev.duplex.core.internal.security.TlsLayers;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.ChannelHandler;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Issue 20 item 2, TLS: how many TLS handshakes per second the duplex relay (in its own JVM, TLS on,
 * default event loops) completes on loopback, against what the JDK's TLS does alone on the same
 * number of threads ({@link JdkTlsHandshakes}: the same key type, protocol and cipher suite, engines
 * in memory). Three waves of clients against the relay, each after a warm-up: TLS handshakes only
 * (up to the handshake finished and the pinned identity checked), full TLS joins (handshake, then
 * HELLO until the room's snapshot), and the same joins in plaintext on a plaintext relay, with the
 * relay's CPU per connection in each.
 */
public final class TlsBenchmark implements Benchmark {
    private static final int RELAY_HEAP_MB = 2048;
    /** The relay's default room size, as in the connections benchmark's joins. */
    private static final int MEMBERS_PER_ROOM = 256;
    private static final int CLIENTS = 3_000;
    /** Joins (then closed) that warm each relay up before the measured waves ({@code -Dduplex.bench.warmUpJoins}). */
    private static final int WARM_UP_JOINS = 2_000;
    private static final long JDK_MAX_HANDSHAKES = 200_000;
    /** The most a wave of clients may take before the run fails with a sentence. */
    private static final int WAVE_TIMEOUT_SECONDS = 60;

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public String description() {
        return "TLS handshakes/s of the relay (its own JVM) and TLS joins/s, against the JDK's TLS alone "
                + "(SSLEngines in memory) on as many threads; plaintext joins for comparison";
    }

    @Override
    public int defaultSeconds() {
        return 30;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        int n = s.smoke() ? 40 : CLIENTS;
        int warm = s.smoke() ? 0 : Integer.getInteger("duplex.bench.warmUpJoins", WARM_UP_JOINS);
        // As many threads as the relay's event loops: its default, one per core.
        int threads = RelayServer.DEFAULT_THREADS;
        BenchReport r = new BenchReport(name());
        r.put("clients", n).put("warm_up_joins", warm).put("relay_threads", threads)
                .put("members_per_room", MEMBERS_PER_ROOM);
        String session = relay("tls", n, warm, s, r);
        relay("duplex", n, warm, s, r);
        jdkAlone(session, threads, s, r);
        r.put("duplex_tls_to_jdk_handshake_ratio",
                r.get("tls_handshakes_per_second") / r.get("jdk_handshakes_per_second"));
        r.put("duplex_tls_relay_cpu_to_jdk_server_cpu_ratio",
                r.get("tls_handshake_relay_cpu_micros") / r.get("jdk_server_cpu_micros_per_handshake"));
        if (r.figures().containsKey("tls_handshake_relay_loops_cpu_micros")) {
            r.put("duplex_tls_relay_loops_cpu_to_jdk_server_cpu_ratio",
                    r.get("tls_handshake_relay_loops_cpu_micros") / r.get("jdk_server_cpu_micros_per_handshake"));
        }
        r.put("tls_to_plaintext_join_rate_ratio", r.get("tls_joins_per_second") / r.get("plaintext_joins_per_second"));
        return r;
    }

    /**
     * One relay of {@code kind} (tls or duplex) in its own JVM: a warm-up, then with TLS a wave of
     * handshakes (closed after), then a wave of joins.
     *
     * @return the TLS protocol and cipher suite the relay negotiated, or null in plaintext
     */
    private static String relay(String kind, int n, int warm, BenchSettings s, BenchReport r) throws Exception {
        String prefix = kind.equals("tls") ? "tls" : "plaintext";
        try (ChildRelay relay = ChildRelay.start(kind, RELAY_HEAP_MB)) {
            Supplier<ChannelHandler> tls = relay.fingerprint().map(fingerprint -> TlsLayers.client(
                    TlsOptions.pinned(fingerprint), "127.0.0.1", relay.port(), TransportConfig.DEFAULT, "relay"))
                    .orElse(null);
            if (warm > 0) {
                s.progress("%s relay (pid %d): %d clients join and leave (warm-up)...", prefix, relay.pid(), warm);
                try (IdleClients clients = new IdleClients(relay.port(), true, MEMBERS_PER_ROOM, "warm-", tls)) {
                    clients.growTo(warm, WAVE_TIMEOUT_SECONDS);
                }
                relay.awaitNoConnections(WAVE_TIMEOUT_SECONDS);
            }
            String session = null;
            if (tls != null) {
                try (IdleClients clients = new IdleClients(relay.port(), false, MEMBERS_PER_ROOM, "hs-", tls)) {
                    wave(relay, clients, n, "tls_handshake", JfrHotMethods.asked(), s, r);
                    session = onlySession(clients.tlsSessions());
                }
                relay.awaitNoConnections(WAVE_TIMEOUT_SECONDS);
                r.line("the relay negotiated %s with every client", session);
            }
            try (IdleClients clients = new IdleClients(relay.port(), true, MEMBERS_PER_ROOM, "room-", tls)) {
                wave(relay, clients, n, prefix + "_join", false, s, r);
            }
            return session;
        }
    }

    /**
     * {@code n} clients connect at once (at most 256 under way): the wave's time and rate, each client's time
     * from connect to done, the CPU of the relay and of this JVM (the clients) per client.
     */
    private static void wave(ChildRelay relay, IdleClients clients, int n, String key, boolean profile,
                             BenchSettings s, BenchReport r) throws Exception {
        s.progress("  %d clients: %s...", n, key.replace('_', ' '));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long relayCpu0 = relay.cpuNanos();
        Map<String, Long> relayThreads0 = ThreadGroupCpu.of(relay.pid());
        long self = ProcessHandle.current().pid();
        Map<String, Long> ownThreads0 = ThreadGroupCpu.of(self);
        long ownCpu0 = os.getProcessCpuTime();
        JfrHotMethods clientProfile = null;
        if (profile) {
            relay.startProfile();
            clientProfile = JfrHotMethods.start();
        }
        long t0 = System.nanoTime();
        clients.growTo(n, WAVE_TIMEOUT_SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        String summary = profile ? relay.endProfile() : null;
        String clientSummary = profile ? clientProfile.stopAndSummarize(20, "idle-clients") : null;
        long ownCpu = os.getProcessCpuTime() - ownCpu0;
        Map<String, Long> ownThreads = ThreadGroupCpu.minus(ThreadGroupCpu.of(self), ownThreads0);
        long relayCpu = relay.cpuNanos() - relayCpu0;
        Map<String, Long> relayThreads = ThreadGroupCpu.minus(ThreadGroupCpu.of(relay.pid()), relayThreads0);
        Histogram h = clients.joinMicros();
        s.progress("  %d in %.2f s (%.0f/s); each took p50 %.1f ms, p99 %.1f ms; relay CPU %.0f us each", n, secs,
                n / secs, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                relayCpu / 1e3 / n);
        String plural = key.endsWith("handshake") ? key + "s" : key.replace("_join", "_joins");
        r.put(plural + "_per_second", n / secs);
        r.put(key + "_p50_ms", h.getValueAtPercentile(50) / 1000.0);
        r.put(key + "_p99_ms", h.getValueAtPercentile(99) / 1000.0);
        r.put(key + "_relay_cpu_micros", relayCpu / 1e3 / n);
        putThreadKinds(key + "_relay", relayThreads, "duplex-relay", n, r);
        r.put(key + "_client_cpu_micros", ownCpu / 1e3 / n);
        putThreadKinds(key + "_client", ownThreads, "idle-clients", n, r);
        if (summary != null) {
            r.line("TLS relay while %d clients made handshakes (Flight Recorder):%n%s", n, summary);
            r.line("the clients meanwhile (Flight Recorder):%n%s", clientSummary);
        }
    }

    /**
     * The CPU per connection of the threads that did the work ({@code workers}: a thread name prefix, or null), of
     * the JIT compilers and of the garbage collector, and a line with every thread group that took 1 % or more.
     */
    private static void putThreadKinds(String key, Map<String, Long> groups, String workers, long n, BenchReport r) {
        if (groups.isEmpty()) {
            return; // no /proc: the process's total is all there is
        }
        if (workers != null) {
            r.put(key + "_loops_cpu_micros", ThreadGroupCpu.sum(groups, workers) / 1e3 / n);
        }
        r.put(key + "_jit_cpu_micros", ThreadGroupCpu.sum(groups, "C1 Compiler", "C2 Compiler") / 1e3 / n);
        r.put(key + "_gc_cpu_micros", ThreadGroupCpu.sum(groups, "GC Thread", "G1 ") / 1e3 / n);
        long all = Math.max(1, groups.values().stream().mapToLong(Long::longValue).sum());
        StringBuilder line = new StringBuilder(key + " CPU by thread, us per connection:");
        groups.entrySet().stream().filter(e -> e.getValue() * 100 >= all)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.0f;", e.getKey(), e.getValue() / 1e3 / n)));
        r.line("%s", line);
    }

    private static String onlySession(Set<String> sessions) {
        if (sessions.size() != 1) {
            throw new IllegalStateException("Expected one TLS protocol and cipher suite for all clients, saw "
                    + sessions + ".");
        }
        return sessions.iterator().next();
    }

    /**
     * The JDK's TLS alone with what the relay negotiated ({@code "TLSv1.3 TLS_AES_128_GCM_SHA256"}) and a
     * duplex identity's key; then, shorter, with an RSA 2048 and an Ed25519 key instead (is the key type a lever?).
     */
    private static void jdkAlone(String session, int threads, BenchSettings s, BenchReport r) throws Exception {
        String[] parts = session.split(" ");
        double seconds = s.smoke() ? 0.5 : Math.max(3, s.seconds() / 5.0);
        JdkTlsHandshakes.Result res = jdkRun("jdk", new JdkTlsHandshakes(Identity.generate(), parts[0], parts[1]),
                threads, seconds, JfrHotMethods.asked(), s, r);
        r.put("jdk_threads", threads);
        r.put("jdk_handshakes", res.handshakes());
        for (OtherKeyTypes.Key key : new OtherKeyTypes.Key[] {OtherKeyTypes.rsa2048(), OtherKeyTypes.ed25519()}) {
            try {
                jdkRun("jdk_" + key.name(), new JdkTlsHandshakes(key.privateKey(), key.certificate(), parts[0],
                        parts[1]), threads, seconds / 2, false, s, r);
            } catch (IllegalStateException e) {
                r.line("the JDK's TLS alone with a %s key was not measured: %s", key.name(), e.getMessage());
            }
        }
    }

    private static JdkTlsHandshakes.Result jdkRun(String key, JdkTlsHandshakes jdk, int threads, double seconds,
                                                  boolean profiled, BenchSettings s, BenchReport r) throws Exception {
        if (!s.smoke()) {
            s.progress("%s: the JDK's TLS alone on %d threads, warm-up...", key, threads);
            jdk.run(threads, JDK_MAX_HANDSHAKES, 2);
        }
        s.progress("%s: the JDK's TLS alone on %d threads, handshakes for %.1f s...", key, threads, seconds);
        JfrHotMethods profile = profiled ? JfrHotMethods.start() : null;
        long pid = ProcessHandle.current().pid();
        Map<String, Long> threads0 = ThreadGroupCpu.of(pid);
        JdkTlsHandshakes.Result res = jdk.run(threads, JDK_MAX_HANDSHAKES, seconds);
        Map<String, Long> threadCpu = ThreadGroupCpu.minus(ThreadGroupCpu.of(pid), threads0);
        if (profile != null) {
            r.line("JDK's TLS alone (Flight Recorder):%n%s", profile.stopAndSummarize(20, "jdk-tls"));
        }
        s.progress("  %d handshakes in %.2f s (%.0f/s); server CPU %.0f us, client CPU %.0f us each", res.handshakes(),
                res.seconds(), res.perSecond(), res.serverCpuNanos() / 1e3 / res.handshakes(),
                res.clientCpuNanos() / 1e3 / res.handshakes());
        r.put(key + "_handshakes_per_second", res.perSecond());
        r.put(key + "_server_cpu_micros_per_handshake", res.serverCpuNanos() / 1e3 / res.handshakes());
        r.put(key + "_client_cpu_micros_per_handshake", res.clientCpuNanos() / 1e3 / res.handshakes());
        // The same split as the relay's, without the worker threads: they have ended by now (gone from
        // /proc, or going); their CPU is the engines' above.
        threadCpu.remove("jdk-tls");
        putThreadKinds(key, threadCpu, null, res.handshakes(), r);
        return res;
    }
}
