package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.testing.RecordingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Direct 1:1 sessions over TLS: the listener presents its identity, the caller pins it. */
class DirectTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Identity BOB_ID = Identity.generate();

    @Test
    void peersTalkOverTlsAndTheCallerSeesTheListenersFingerprint() {
        RecordingListener bobSees = new RecordingListener();
        try (DirectListener bob = DirectPeer.builder().nickname("bob").listener(bobSees)
                .tls(TlsOptions.server(BOB_ID)).listen("127.0.0.1", 0)) {
            KnownHosts known = KnownHosts.inMemory();
            Session alice = DirectPeer.builder().nickname("alice").tls(TlsOptions.trustOnFirstUse(known))
                    .connect("127.0.0.1", bob.localAddress().getPort()).join();
            try {
                assertThat(alice.peerFingerprint()).contains(BOB_ID.fingerprint());
                assertThat(bob.firstSession().join().peerFingerprint()).as("callers present no certificate").isEmpty();
                alice.sendText("encrypted hello").join();
                await().atMost(WAIT).until(() -> bobSees.bodies().contains("encrypted hello"));
                assertThat(known.lookup("127.0.0.1", bob.localAddress().getPort())).contains(BOB_ID.fingerprint());
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void aFirstContactWithAPeerPointsToThePeersOwnIdentityNotToARelay() {
        try (DirectListener bob = DirectPeer.builder().nickname("bob").tls(TlsOptions.server(BOB_ID))
                .listen("127.0.0.1", 0)) {
            java.util.List<FirstContact> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
            Session alice = DirectPeer.builder().nickname("alice").tls(TlsOptions.builder()
                            .knownHosts(KnownHosts.inMemory()).trustPrompt(TrustPrompt.acceptNew(asked::add)).build())
                    .connect("127.0.0.1", bob.localAddress().getPort()).join();
            try {
                assertThat(asked).hasSize(1);
                assertThat(asked.get(0).isPeer()).isTrue();
                assertThat(asked.get(0).sentence()).contains(BOB_ID.fingerprint().toString())
                        .contains("the other person's window or console").doesNotContain("relay");
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void aBusyListenerSaysSoOverTls() {
        try (DirectListener bob = DirectPeer.builder().nickname("bob").tls(TlsOptions.server(BOB_ID))
                .listen("127.0.0.1", 0)) {
            int port = bob.localAddress().getPort();
            TlsOptions pinned = TlsOptions.pinned(BOB_ID.fingerprint());
            Session alice = DirectPeer.builder().nickname("alice").tls(pinned).connect("127.0.0.1", port).join();
            try {
                assertThatThrownBy(() -> DirectPeer.builder().nickname("carol").tls(pinned)
                        .connect("127.0.0.1", port).join())
                        .cause().isInstanceOf(DuplexException.class).hasMessageContaining("already in a conversation");
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void aPlaintextCallerIsToldThePeerRequiresTls() {
        try (DirectListener bob = DirectPeer.builder().nickname("bob").tls(TlsOptions.server(BOB_ID))
                .listen("127.0.0.1", 0)) {
            assertThatThrownBy(() -> DirectPeer.builder().nickname("alice")
                    .connect("127.0.0.1", bob.localAddress().getPort()).join())
                    .cause().isInstanceOf(DuplexException.class)
                    .hasMessage("This peer requires TLS; connect without --plaintext.")
                    .extracting(e -> ((DuplexException) e).code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        }
    }

    @Test
    void listeningWithTlsNeedsAnIdentityAndTheLectureFormatsHaveNoTls() {
        assertThatThrownBy(() -> DirectPeer.builder().nickname("bob")
                .tls(TlsOptions.trustOnFirstUse(KnownHosts.inMemory())).listen("127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs an identity");
        assertThatThrownBy(() -> DirectPeer.builder().nickname("bob").wireFormat(WireFormat.LECTURE_CHAT)
                .tls(TlsOptions.server(BOB_ID)).listen("127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("have no TLS");
    }
}
