package dev.duplex.core.testing;

import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.RelayServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A relay in its own process, for tests that kill it: {@code RelayMain PORT DBFILE}, or
 * {@code RelayMain PORT --cluster redis://HOST:PORT NODE} for a cluster node. Prints {@code READY}
 * once listening and runs until killed.
 */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RelayServer.Builder builder = RelayServer.builder().bindHost("127.0.0.1").port(Integer.parseInt(args[0]))
                .threads(2);
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
