package dev.duplex.bench.conn;

import dev.duplex.bench.JfrHotMethods;
import dev.duplex.bench.chat.BareRelay;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.transport.AbuseLimits;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The relay side of the connections benchmark, in its own JVM (so that the benchmark's file
 * descriptors are not shared with the clients'): {@code RelayProcess duplex|bare PORT}. It prints
 * {@code READY <port>}, then answers each {@code STATS} line on standard input with one line of
 * figures measured after two full GCs, and exits on {@code QUIT} or when its input ends (the
 * benchmark died). {@code CPU} is answered with {@code CPU <nanos>}: the process's CPU time so far, without
 * the GCs of {@code STATS}. {@code PROFILE} starts a Flight Recorder profile of its threads, {@code PROFILE_END}
 * prints its summary followed by a line {@code PROFILE_END}.
 */
public final class RelayProcess {
    private RelayProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("duplex") || args[0].equals("tls") || args[0].equals("bare"))) {
            System.err.println("usage: RelayProcess duplex|tls|bare PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        AutoCloseable relay;
        IntSupplier connections;
        int bound;
        String ready;
        if (!args[0].equals("bare")) {
            RelayServer.Builder b = RelayServer.builder().bindHost("127.0.0.1").port(port).limits(AbuseLimits.NONE)
                    .maxRooms(4096);
            if (args[0].equals("tls")) {
                b.tls(TlsOptions.server(Identity.generate()));
            }
            RelayServer server = b.build().start();
            relay = server;
            connections = () -> server.stats().openConnections();
            bound = server.port();
            ready = server.fingerprint().map(f -> bound + " " + f).orElse(Integer.toString(bound));
        } else {
            BareRelay bare = BareRelay.start("127.0.0.1", port, 0);
            relay = bare;
            connections = bare::connections;
            bound = bare.port();
            ready = Integer.toString(bound);
        }
        System.out.println("READY " + ready);
        System.out.flush();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (relay; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            JfrHotMethods profile = null;
            String loopPrefix = args[0].equals("bare") ? "bare-relay" : "duplex-relay";
            while ((line = in.readLine()) != null && !line.equals("QUIT")) {
                if (line.equals("PROFILE")) {
                    profile = JfrHotMethods.start();
                } else if (line.equals("PROFILE_END") && profile != null) {
                    System.out.println(profile.stopAndSummarize(20, loopPrefix));
                    System.out.println("PROFILE_END");
                    System.out.flush();
                    profile = null;
                } else if (line.equals("CPU")) {
                    System.out.println("CPU " + os.getProcessCpuTime());
                    System.out.flush();
                } else if (line.equals("STATS")) {
                    System.gc();
                    Thread.sleep(100);
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    System.out.println("STATS heap=" + (rt.totalMemory() - rt.freeMemory())
                            + " direct=" + PlatformDependent.usedDirectMemory()
                            + " pooledDirect=" + PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
                            + " cpuNanos=" + os.getProcessCpuTime()
                            + " connections=" + connections.getAsInt());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
