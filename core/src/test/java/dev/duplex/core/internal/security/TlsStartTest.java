package dev.duplex.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import org.junit.jupiter.api.Test;

/**
 * The accepting side's TLS context (about a second of work the first time) is built when the relay or
 * the listening peer starts, not by the first connection on an event loop that serves others too.
 */
class TlsStartTest {
    private static final Identity ID = Identity.generate();

    @Test
    void theRelayBuildsItsTlsContextWhenItStarts() {
        TlsOptions tls = TlsOptions.server(ID);
        assertThat(TlsLayers.serverContextBuilt(tls)).isFalse();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(tls).build().start()) {
            assertThat(TlsLayers.serverContextBuilt(tls)).as("built before any connection").isTrue();
        }
    }

    @Test
    void aListeningPeerBuildsItsTlsContextWhenItStartsListening() {
        TlsOptions tls = TlsOptions.server(ID);
        try (DirectListener listening = DirectPeer.builder().nickname("bob").tls(tls).listen("127.0.0.1", 0)) {
            assertThat(TlsLayers.serverContextBuilt(tls)).as("built before any connection").isTrue();
        }
    }
}
