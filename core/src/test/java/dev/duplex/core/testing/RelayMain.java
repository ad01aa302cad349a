package dev.duplex.core.testing;

import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.relay.history.HistoryConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A relay in its own process, for tests that kill it: {@code RelayMain PORT DBFILE}, or
 * {@code RelayMain PORT --cluster redis://HOST:PORT NODE} for a cluster node. Prints {@code READY}
 * once listening and runs until killed.
 * <p>
 * Its replays are not cut at {@link HistoryConfig#DEFAULT}'s 500 messages but at
 * {@value #MAX_REPLAY}: the tests that kill it check that a client gets every message, and one that
 * is away through several restarts of a busy machine may come back more than 500 behind (its
 * peers' outboxes are resent as one burst), which by design gets the newest 500 and a notice
 * ({@code HistoryTest}, {@code ReplayPagingTest} check that limit).
 */
public final class RelayMain {
    /** The most messages a returning client is replayed (the room's own bound). */
    static final int MAX_REPLAY = 10_000;

    private RelayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RelayServer.Builder builder = RelayServer.builder().bindHost("127.0.0.1").port(Integer.parseInt(args[0]))
                .threads(2).historyConfig(new HistoryConfig(HistoryConfig.DEFAULT.maxMessagesPerRoom(),
                        HistoryConfig.DEFAULT.maxAge(), MAX_REPLAY, HistoryConfig.DEFAULT.recentOnJoin(),
                        HistoryConfig.DEFAULT.maxPendingWrites(), HistoryConfig.DEFAULT.maxBatch()));
        if ("--cluster".equals(args[1])) {
            builder.cluster(ClusterConfig.of(args[2]).withNodeId(args[3])
                    .withHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(2)));
        } else {
            builder.historyFile(Path.of(args[1]));
        }
        RelayServer relay = builder.build().start();
        System.out.println("READY " + relay.port());
        System.out.flush();
        relay.closeFuture().join();
    }
}
