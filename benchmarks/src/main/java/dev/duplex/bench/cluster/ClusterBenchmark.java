package dev.duplex.bench.cluster;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.chat.ChatPhases;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Item 9: relays that share rooms through one Redis. Chat: the same fan-out load (one room, 100
 * receivers, 4 senders) through the single-node relay (SQLite), one cluster node, and two cluster
 * nodes with the receivers and senders split between them: delivered messages per second at
 * saturation and p99 at half of it. Video: more and more senders on one node, one receiver on the
 * other: what crosses, the delay, what the node drops, and how far behind Redis' subscriber buffers get.
 */
public final class ClusterBenchmark implements Benchmark {
    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String description() {
        return "a room over relays sharing one Redis: chat msg/s and p99 on one vs two nodes (and the SQLite "
                + "single node), video senders carried from one node to the other";
    }

    @Override
    public int defaultSeconds() {
        return 60;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        if (System.getProperty("io.lettuce.core.iouring") == null) {
            // Epoll for this benchmark's own Redis clients too, as the relays' (no warning per connection).
            System.setProperty("io.lettuce.core.iouring", "false");
        }
        BenchReport r = new BenchReport(name());
        int receivers = s.smoke() ? 10 : 100;
        int senders = s.smoke() ? 2 : 4;
        double phase = s.smoke() ? 0.7 : Math.max(1, s.seconds() / 10.0);
        double warm = Math.max(s.smoke() ? 0.3 : 1, phase / 5);
        r.put("receivers", receivers).put("senders", senders).put("phase_seconds", phase);
        Path dir = Files.createTempDirectory("duplex-bench-redis");
        try (EventLoops load = EventLoops.create(2, "load");
             RedisProcess redis = RedisProcess.start(dir)) {
            r.line("Redis: appendonly yes, appendfsync always (every acknowledged text is on disk)");
            ChatPhases chat = new ChatPhases(load, receivers, senders, warm, phase, s);
            try (RelayServer single = relay(null, "single").build().start()) {
                chat.measure(r, "sqlite_single", List.of(single));
            }
            // Each setup starts from an empty Redis: a room's history would be replayed to the new receivers.
            flush(redis);
            try (RelayServer one = relay(redis, "one").build().start()) {
                chat.measure(r, "cluster_one_node", List.of(one));
            }
            flush(redis);
            try (RelayServer a = relay(redis, "a").build().start();
                 RelayServer b = relay(redis, "b").build().start()) {
                chat.measure(r, "cluster_two_nodes", List.of(a, b));
                r.put("two_nodes_to_one_node_ratio", r.get("cluster_two_nodes_saturation_delivered_per_s")
                        / r.get("cluster_one_node_saturation_delivered_per_s"));
                new VideoAcross(redis, a, b, s).measure(r, s.smoke() ? new int[] {1, 2} : new int[] {1, 4, 8, 16, 32},
                        s.smoke() ? 1 : Math.max(2, s.seconds() / 12.0));
            }
        } finally {
            deleteQuietly(dir);
        }
        return r;
    }

    private static RelayServer.Builder relay(RedisProcess redis, String node) {
        RelayServer.Builder b = RelayServer.builder().bindHost("127.0.0.1").port(0).limits(AbuseLimits.NONE).threads(1)
                .writesPerTurn(Integer.getInteger("duplex.bench.writesPerTurn", WriteBatch.DEFAULT_WRITES_PER_TURN));
        return redis == null ? b : b.cluster(ClusterConfig.of(redis.uri()).withNodeId(node));
    }

    private static void flush(RedisProcess redis) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        } finally {
            client.shutdown();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temp directory left behind is not worth failing the report for
        }
    }
}
