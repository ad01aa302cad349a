package dev.duplex.core.testing;

import dev.duplex.core.relay.RelayServer;
import java.nio.file.Path;

/**
 * A relay in its own process, for tests that kill it: {@code RelayMain PORT DBFILE}. Prints
 * {@code READY} once listening and runs until killed.
 */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(Integer.parseInt(args[0]))
                .historyFile(Path.of(args[1])).threads(2).build().start();
        System.out.println("READY " + relay.port());
        System.out.flush();
        relay.closeFuture().join();
    }
}
