package dev.duplex.bench.link;

import dev.duplex.core.relay.RelayServer;

/** The relay of the link benchmarks: the shipped relay's settings, in memory, on a free loopback port. */
final class BenchRelay {
    private BenchRelay() {
    }

    static RelayServer start() {
        return RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
    }
}
