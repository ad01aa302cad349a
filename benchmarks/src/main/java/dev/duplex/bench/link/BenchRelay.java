package dev.duplex.bench.link;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.transport.TransportConfig;

/**
 * The relay of the link benchmarks: the shipped relay's settings, in memory, on a free loopback port.
 * {@code -Dduplex.bench.relayVideoWindow=N} sets its video window towards members that send receipts
 * ({@link TransportConfig.Builder#relayVideoWindow}; 0 = off), to compare within one build.
 */
final class BenchRelay {
    private BenchRelay() {
    }

    static RelayServer start() {
        TransportConfig config = TransportConfig.DEFAULT;
        String window = System.getProperty("duplex.bench.relayVideoWindow");
        if (window != null) {
            config = config.toBuilder().relayVideoWindow(Integer.parseInt(window.trim())).build();
        }
        return RelayServer.builder().bindHost("127.0.0.1").port(0).config(config).build().start();
    }
}
