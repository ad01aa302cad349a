package dev.duplex.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' appends reach Redis in the order each node sends them, also when Redis does not have
 * the script cached yet (a fresh or restarted Redis): the first text of a burst must not be stored
 * after later ones (a NOSCRIPT answer and a retry used to let them overtake it).
 */
class ScriptOrderTest {
    private static final int ROUNDS = 10;
    private static final int BURST = 64;

    @Test
    void aBurstOfAppendsIsStoredInOrderWhenRedisHasNoScriptCached(@TempDir Path dir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir)) {
            RedisClient admin = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> flusher = admin.connect()) {
                for (int round = 0; round < ROUNDS; round++) {
                    flusher.sync().scriptFlush(); // as after a restart
                    try (RedisLink a = link(redis); RedisLink b = link(redis)) {
                        String room = "room" + round;
                        List<CompletableFuture<List<Object>>> fromA = new ArrayList<>();
                        List<CompletableFuture<List<Object>>> fromB = new ArrayList<>();
                        for (int i = 0; i < BURST; i++) {
                            fromA.add(append(a, room, "a", i));
                            fromB.add(append(b, room, "b", i));
                        }
                        assertThat(sequences(fromA)).as("round %d, node a", round).isSorted();
                        assertThat(sequences(fromB)).as("round %d, node b", round).isSorted();
                    }
                }
            } finally {
                admin.shutdown();
            }
        }
    }

    private static RedisLink link(RedisProcess redis) {
        return RedisLink.connect(ClusterConfig.of(redis.uri()), new RedisLink.Listener() {
            @Override
            public void commandsUp(boolean up) {
            }

            @Override
            public void subscriptionReconnected() {
            }

            @Override
            public void textMessage(byte[] channel, byte[] message) {
            }

            @Override
            public void mediaMessage(byte[] channel, byte[] message) {
            }
        });
    }

    private static List<Long> sequences(List<CompletableFuture<List<Object>>> sent) throws Exception {
        List<Long> sequences = new ArrayList<>();
        for (CompletableFuture<List<Object>> f : sent) {
            sequences.add(Script.number(f.get(10, TimeUnit.SECONDS).get(0)));
        }
        return sequences;
    }

    private static CompletableFuture<List<Object>> append(RedisLink link, String room, String sender, long id) {
        return Script.APPEND.run(link, new byte[][] {Keys.meta(room), Keys.stream(room),
                Keys.dedupe(sender, id, room), Keys.textChannel(room)}, Script.bytes(7), Script.bytes(10_000),
                Script.bytes(60_000), Script.bytes(60), Script.bytes(id), Script.bytes(1), Script.bytes(sender),
                Script.bytes(sender + "-" + id), Script.bytes("n"), Script.bytes("0")).toCompletableFuture();
    }
}
