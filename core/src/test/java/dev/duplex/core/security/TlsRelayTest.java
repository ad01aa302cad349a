package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.TransportConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between clients and a relay on loopback: trust on first use, pinning, a changed identity
 * refused, plaintext refused with a sentence both ways, and only modern TLS accepted.
 */
class TlsRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Identity RELAY_ID = Identity.generate();

    @TempDir
    Path dir;

    private RelayServer relay;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(RELAY_ID)).build().start();
    }

    @AfterEach
    void stop() {
        sessions.forEach(Session::close);
        relay.close();
    }

    private DuplexClient.Builder client(String nickname) {
        return DuplexClient.builder().port(relay.port()).nickname(nickname).room("r");
    }

    private Session connect(DuplexClient.Builder builder) {
        Session s = builder.connect().join();
        sessions.add(s);
        return s;
    }

    private static DuplexException failure(CompletableFuture<Session> attempt) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(attempt::join);
        assertThat(t).isInstanceOf(CompletionException.class).cause().isInstanceOf(DuplexException.class);
        return (DuplexException) t.getCause();
    }

    @Test
    void firstContactIsRememberedAndLaterContactsMatchSilently() {
        KnownHosts known = KnownHosts.open(dir.resolve("known_hosts"));
        List<FirstContact> asked = new CopyOnWriteArrayList<>();
        TlsOptions tls = TlsOptions.builder().knownHosts(known).trustPrompt(TrustPrompt.acceptNew(asked::add)).build();
        RecordingListener bobSees = new RecordingListener();

        Session alice = connect(client("alice").tls(tls));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).fingerprint()).isEqualTo(RELAY_ID.fingerprint());
        assertThat(asked.get(0).sentence()).contains("127.0.0.1:" + relay.port(), RELAY_ID.fingerprint().toString());
        assertThat(known.lookup("127.0.0.1", relay.port())).contains(RELAY_ID.fingerprint());
        assertThat(alice.peerFingerprint()).contains(RELAY_ID.fingerprint());
        assertThat(relay.fingerprint()).contains(RELAY_ID.fingerprint());

        Session bob = connect(client("bob").tls(tls).listener(bobSees));
        assertThat(asked).as("a known identity is not asked about again").hasSize(1);
        assertThat(bob.peerFingerprint()).contains(RELAY_ID.fingerprint());

        alice.sendText("over TLS").join();
        await().atMost(WAIT).until(() -> bobSees.bodies().contains("over TLS"));
    }

    @Test
    void aChangedIdentityIsRefusedWithAWarning() {
        KnownHosts known = KnownHosts.open(dir.resolve("known_hosts"));
        known.remember("127.0.0.1", relay.port(), Identity.generate().fingerprint());
        DuplexException e = failure(client("alice").tls(TlsOptions.trustOnFirstUse(known)).connect());
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).startsWith("WARNING: the identity of the relay at 127.0.0.1:" + relay.port()
                + " has changed").contains("it is now " + RELAY_ID.fingerprint())
                .contains("remove the line for 127.0.0.1:" + relay.port() + " from " + dir.resolve("known_hosts"));
        assertThat(relay.stats().members()).isZero();
    }

    @Test
    void aPinnedFingerprintMustMatch() {
        Session ok = connect(client("alice").tls(TlsOptions.pinned(RELAY_ID.fingerprint())));
        assertThat(ok.peerFingerprint()).contains(RELAY_ID.fingerprint());

        Fingerprint other = Identity.generate().fingerprint();
        DuplexException e = failure(client("bob").tls(TlsOptions.pinned(other)).connect());
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("presented the identity " + RELAY_ID.fingerprint() + ", not the pinned "
                + other);
    }

    @Test
    void aPinMatchReplacesAStaleKnownHostsEntry() {
        KnownHosts known = KnownHosts.inMemory();
        known.remember("127.0.0.1", relay.port(), Identity.generate().fingerprint());
        connect(client("alice").tls(TlsOptions.builder().knownHosts(known).pinnedFingerprint(RELAY_ID.fingerprint())
                .build()));
        assertThat(known.lookup("127.0.0.1", relay.port())).contains(RELAY_ID.fingerprint());
    }

    @Test
    void aRejectedFirstContactSendsNothingToTheRelay() throws Exception {
        TlsOptions strict = TlsOptions.builder().knownHosts(KnownHosts.inMemory())
                .trustPrompt(TrustPrompt.rejectUnknown()).build();
        DuplexException e = failure(client("alice").tls(strict).connect());
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).isEqualTo("You did not trust the identity " + RELAY_ID.fingerprint()
                + " of the relay at 127.0.0.1:" + relay.port() + ": not connected.");
        assertThat(relay.stats().members()).isZero();
        assertThat(strict.knownHosts().orElseThrow().lookup("127.0.0.1", relay.port())).isEmpty();

        // A stand-in relay with the same identity records every byte the client sends through TLS.
        try (RecordingTlsServer standIn = new RecordingTlsServer(RELAY_ID)) {
            failure(DuplexClient.builder().port(standIn.port()).nickname("alice").room("r").tls(strict).connect());
            assertThat(standIn.received()).as("not one byte of HELLO went out").isEmpty();
        }
        try (RecordingTlsServer standIn = new RecordingTlsServer(RELAY_ID)) {
            DuplexClient.builder().port(standIn.port()).nickname("alice").room("r")
                    .tls(TlsOptions.pinned(RELAY_ID.fingerprint())).connect();
            assertThat(standIn.received()).as("a trusted identity gets the HELLO: the stand-in does see it")
                    .startsWith((byte) 0xD5, (byte) 0x01);
        }
    }

    /**
     * A TLS server with a relay's identity that accepts one connection and records the application
     * bytes it receives until the client closes or sends a whole frame header.
     */
    private static final class RecordingTlsServer implements AutoCloseable {
        private final javax.net.ssl.SSLServerSocket server;
        private final CompletableFuture<byte[]> received = new CompletableFuture<>();

        RecordingTlsServer(Identity identity) throws Exception {
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("relay", identity.privateKey(), new char[0],
                    new java.security.cert.Certificate[] {identity.certificate()});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            server = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                    java.net.InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(this::serveOne, "recording-tls-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serveOne() {
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            try (java.net.Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                java.io.InputStream in = s.getInputStream();
                int b;
                while (seen.size() < 6 && (b = in.read()) >= 0) {
                    seen.write(b);
                }
            } catch (java.io.IOException closedOrRefused) {
                // the client went away (or refused the handshake): what was seen stands
            }
            received.complete(seen.toByteArray());
        }

        byte[] received() {
            return received.orTimeout(20, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    @Test
    void aPromptMayAnswerLaterFromAnotherThread() {
        KnownHosts known = KnownHosts.inMemory();
        TlsOptions asking = TlsOptions.builder().knownHosts(known).trustPrompt(contact ->
                CompletableFuture.supplyAsync(() -> TrustDecision.TRUST_ONCE,
                        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))).build();
        Session s = connect(client("alice").tls(asking));
        assertThat(s.peerFingerprint()).contains(RELAY_ID.fingerprint());
        assertThat(known.lookup("127.0.0.1", relay.port())).as("trusted once, not remembered").isEmpty();
    }

    @Test
    void aPersonSlowerThanTheRelaysDeadlineIsConnectedByItselfOnceTheyTrustAndRemember() throws Exception {
        try (RelayServer strict = quickRelay()) {
            KnownHosts known = KnownHosts.inMemory();
            List<FirstContact> asked = new CopyOnWriteArrayList<>();
            CompletableFuture<Session> attempt = answerAfterTheDeadline(strict, known, asked, TrustDecision.TRUST_AND_REMEMBER);
            Session s = attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            sessions.add(s);
            assertThat(s.peerFingerprint()).contains(RELAY_ID.fingerprint());
            assertThat(known.lookup("127.0.0.1", strict.port())).contains(RELAY_ID.fingerprint());
            assertThat(asked).as("asked once, not again on the new connection").hasSize(1);
            assertThat(strict.stats().members()).isEqualTo(1);
            assertThat(strict.stats().connectionsAccepted()).isEqualTo(2);
            s.close();
        }
    }

    @Test
    void trustedOnceAfterTheRelaysDeadlineConnectsWithoutRememberingOrAskingAgain() throws Exception {
        try (RelayServer strict = quickRelay()) {
            KnownHosts known = KnownHosts.inMemory();
            List<FirstContact> asked = new CopyOnWriteArrayList<>();
            CompletableFuture<Session> attempt = answerAfterTheDeadline(strict, known, asked, TrustDecision.TRUST_ONCE);
            Session s = attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(s.peerFingerprint()).contains(RELAY_ID.fingerprint());
            assertThat(known.lookup("127.0.0.1", strict.port())).as("trusted once, not remembered").isEmpty();
            assertThat(asked).hasSize(1);
            s.close();

            CompletableFuture<Session> later = DuplexClient.builder().port(strict.port()).nickname("alice")
                    .tls(asking(known, asked, CompletableFuture.completedFuture(TrustDecision.TRUST_ONCE))).connect();
            await().atMost(WAIT).until(() -> asked.size() == 2);
            assertThat(later.get(WAIT.toSeconds(), TimeUnit.SECONDS).peerFingerprint())
                    .as("a new session asks again (and the answer is already given)").contains(RELAY_ID.fingerprint());
            later.join().close();
        }
    }

    @Test
    void aRefusalAfterTheRelaysDeadlineFailsWithTheRefusalAndDoesNotConnectAgain() {
        try (RelayServer strict = quickRelay()) {
            CompletableFuture<TrustDecision> person = new CompletableFuture<>();
            TlsOptions asking = TlsOptions.builder().knownHosts(KnownHosts.inMemory()).trustPrompt(contact -> person)
                    .build();
            CompletableFuture<Session> attempt = DuplexClient.builder().port(strict.port()).nickname("alice")
                    .tls(asking).connect();
            awaitRelayGaveUp(strict);
            person.complete(TrustDecision.REJECT);
            DuplexException e = failure(attempt);
            assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(e.getMessage()).isEqualTo("You did not trust the identity " + RELAY_ID.fingerprint()
                    + " of the relay at 127.0.0.1:" + strict.port() + ": not connected.");
            assertThat(strict.stats().connectionsAccepted()).isEqualTo(1);
        }
    }

    /**
     * Connects as alice to {@code strict} while a person is asked about its identity, waits until the relay
     * has given up on the HELLO (the attempt must still be pending, not failed), then answers {@code decision}.
     */
    private static CompletableFuture<Session> answerAfterTheDeadline(RelayServer strict, KnownHosts known,
            List<FirstContact> asked, TrustDecision decision) {
        CompletableFuture<TrustDecision> person = new CompletableFuture<>();
        CompletableFuture<Session> attempt = DuplexClient.builder().port(strict.port()).nickname("alice")
                .tls(asking(known, asked, person)).connect();
        awaitRelayGaveUp(strict);
        assertThat(attempt).as("still asking, not failed").isNotDone();
        person.complete(decision);
        return attempt;
    }

    /** Options whose prompt records each question and answers with {@code person}'s decision. */
    private static TlsOptions asking(KnownHosts known, List<FirstContact> asked, CompletableFuture<TrustDecision> person) {
        return TlsOptions.builder().knownHosts(known).trustPrompt(contact -> {
            asked.add(contact);
            return person;
        }).build();
    }

    /** A relay that waits only 300 ms for HELLO: shorter than any person. */
    private static RelayServer quickRelay() {
        TransportConfig quick = TransportConfig.builder().helloTimeout(Duration.ofMillis(300)).build();
        return RelayServer.builder().bindHost("127.0.0.1").port(0).config(quick).tls(TlsOptions.server(RELAY_ID))
                .build().start();
    }

    /** Until the relay accepted one connection and closed it (its HELLO deadline passed). */
    private static void awaitRelayGaveUp(RelayServer relay) {
        await().atMost(WAIT).until(() -> relay.stats().connectionsAccepted() == 1
                && relay.stats().openConnections() == 0);
    }

    @Test
    void aConnectionCapRefusalReachesATlsClientAsASentence() {
        try (RelayServer capped = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(RELAY_ID))
                .limits(AbuseLimits.builder().maxConnectionsPerAddress(1).build()).build().start()) {
            TlsOptions pinned = TlsOptions.pinned(RELAY_ID.fingerprint());
            Session first = DuplexClient.builder().port(capped.port()).nickname("alice").tls(pinned).connect().join();
            try {
                DuplexException e = failure(DuplexClient.builder().port(capped.port()).nickname("bob").tls(pinned)
                        .connect());
                assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
                assertThat(e.getMessage()).isEqualTo("Too many connections from 127.0.0.1 (at most 1): close one "
                        + "and try again.");
            } finally {
                first.close();
            }
        }
    }

    @Test
    void aPlaintextClientIsToldThatTheRelayRequiresTls() throws Exception {
        DuplexException e = failure(client("alice").connect());
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).isEqualTo("This relay requires TLS; connect without --plaintext.");

        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0).hello("mallory", "r")) {
            ErrorFrame error = raw.readUntil(ErrorFrame.class);
            assertThat(error.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(raw.closedByPeer()).isTrue();
        }
        assertThat(relay.stats().members()).isZero();
    }

    @Test
    void aTlsClientIsToldWhenTheRelayIsPlaintext() {
        try (RelayServer plain = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start()) {
            DuplexException e = failure(DuplexClient.builder().port(plain.port()).nickname("alice")
                    .tls(TlsOptions.trustOnFirstUse(KnownHosts.inMemory())).connect());
            assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
            assertThat(e.getMessage()).isEqualTo("The relay at 127.0.0.1:" + plain.port() + " answered without TLS: it "
                    + "probably runs with --plaintext. Connect with --plaintext only if you trust the network.");
        }
    }

    @Test
    void onlyTls13AndModernTls12SuitesAreAccepted() throws Exception {
        assertThat(handshake("TLSv1.3", null)).isEqualTo("TLSv1.3");
        assertThat(handshake("TLSv1.2", null)).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> handshake("TLSv1.1", null)).isInstanceOf(javax.net.ssl.SSLException.class);
    }

    /** A plain JDK TLS handshake with the relay; returns the protocol agreed. */
    private String handshake(String protocol, String suite) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AcceptAnything()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", relay.port())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    /** For the raw handshake test only: the identity is not what is tested there. */
    private static final class AcceptAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
