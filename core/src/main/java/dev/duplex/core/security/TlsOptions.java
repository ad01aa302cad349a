package dev.duplex.core.security;

import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * TLS for a relay, a client or a direct peer. The accepting side (relay, listening peer) presents
 * its {@link Identity}; the connecting side checks the presented certificate's {@link Fingerprint}
 * against a pinned one or its {@link KnownHosts}, and asks its {@link TrustPrompt} about an address
 * it has never met (trust on first use, like SSH). Builders without TLS options stay plaintext.
 * <pre>{@code
 * RelayServer.builder().tls(TlsOptions.server(Identity.loadOrCreate(dataDir)))...
 * DuplexClient.builder().tls(TlsOptions.trustOnFirstUse(KnownHosts.openDefault()))...
 * DuplexClient.builder().tls(TlsOptions.pinned(Fingerprint.parse("SHA256:...")))...
 * }</pre>
 * Immutable; safe to share between any number of servers, clients and peers.
 */
public final class TlsOptions {
    private final Identity identity;
    private final KnownHosts knownHosts;
    private final Fingerprint pinned;
    private final TrustPrompt prompt;
    private volatile SslContext serverContext;

    private TlsOptions(Builder b) {
        this.identity = b.identity;
        this.knownHosts = b.knownHosts;
        this.pinned = b.pinned;
        this.prompt = b.prompt;
    }

    /** For an accepting side: present {@code identity}. */
    public static TlsOptions server(Identity identity) {
        return builder().identity(identity).build();
    }

    /** For a connecting side: trust on first use, remembering identities in {@code knownHosts}. */
    public static TlsOptions trustOnFirstUse(KnownHosts knownHosts) {
        return builder().knownHosts(knownHosts).build();
    }

    /** For a connecting side: accept only the identity with this fingerprint. */
    public static TlsOptions pinned(Fingerprint fingerprint) {
        return builder().pinnedFingerprint(fingerprint).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.identity = identity;
        b.knownHosts = knownHosts;
        b.pinned = pinned;
        b.prompt = prompt;
        return b;
    }

    /** The identity an accepting side presents. */
    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    public Optional<KnownHosts> knownHosts() {
        return Optional.ofNullable(knownHosts);
    }

    public Optional<Fingerprint> pinnedFingerprint() {
        return Optional.ofNullable(pinned);
    }

    public TrustPrompt trustPrompt() {
        return prompt;
    }

    /**
     * The TLS layer of an accepted connection (used by {@code RelayServer} and {@code DirectPeer}):
     * refuses plaintext with a sentence, runs the handshake, and starts the rest of the pipeline once
     * the connection is encrypted.
     *
     * @param peerNoun what this side is called in sentences to the other ("relay", "peer")
     * @throws IllegalStateException if no identity is set
     */
    public ChannelHandler newServerLayer(TransportConfig config, String peerNoun) {
        return new TlsAcceptHandler(serverContext(), config.helloTimeout().toMillis(), peerNoun);
    }

    /**
     * Builds the accepting side's TLS context now, if it is not built yet: {@code RelayServer} and
     * {@code DirectPeer} call it when they start, so that the first connection does not spend about
     * a second on it on an event loop that serves other connections too. Idempotent.
     *
     * @throws IllegalStateException if no identity is set, or TLS cannot be set up with it
     */
    public void prepareServer() {
        serverContext();
    }

    /** True once the accepting side's TLS context exists (for tests). */
    boolean serverContextBuilt() {
        return serverContext != null;
    }

    private SslContext serverContext() {
        SslContext context = serverContext;
        if (context != null) {
            return context;
        }
        synchronized (this) {
            if (serverContext == null) {
                if (identity == null) {
                    throw new IllegalStateException("TLS on the accepting side needs an identity: use "
                            + "TlsOptions.server(Identity.loadOrCreate(dataDirectory)).");
                }
                serverContext = TlsContexts.server(identity);
            }
            return serverContext;
        }
    }

    /**
     * The TLS layer of one connection to {@code host:port}: handshake, identity check, then the rest
     * of the pipeline starts. A session that reconnects uses {@link #clientLayers} instead.
     *
     * @param peerNoun what the other side is called in sentences ("relay", "peer")
     */
    public ChannelHandler newClientLayer(String host, int port, TransportConfig config, String peerNoun) {
        return clientLayers(host, port, config, peerNoun).get();
    }

    /**
     * The TLS layers of every connection one client session makes to {@code host:port} (used by
     * {@code DuplexClient} and {@code DirectPeer}). An identity trusted {@link TrustDecision#TRUST_ONCE
     * this time only} stays trusted for the session's later connections (its reconnects), so the
     * person is not asked again by the same session; a new session asks again.
     *
     * @param peerNoun what the other side is called in sentences ("relay", "peer")
     */
    public Supplier<ChannelHandler> clientLayers(String host, int port, TransportConfig config, String peerNoun) {
        AtomicReference<Fingerprint> trustedOnce = new AtomicReference<>();
        long handshakeMillis = config.helloTimeout().toMillis();
        return () -> new TlsConnectHandler(this, TlsContexts.client(new PinningTrustManager(this, peerNoun)), host,
                port, handshakeMillis, peerNoun, trustedOnce);
    }

    /** The pinned fingerprint, else the remembered one, for {@code host:port}. */
    Optional<Fingerprint> expected(String host, int port) {
        if (pinned != null) {
            return Optional.of(pinned);
        }
        return knownHosts == null ? Optional.empty() : knownHosts.lookup(host, port);
    }

    /** Records an accepted identity, if there are known hosts to record it in. */
    void remember(String host, int port, Fingerprint fingerprint) {
        if (knownHosts != null) {
            knownHosts.remember(host, port, fingerprint);
        }
    }

    String mismatchSentence(String peerNoun, String host, int port, Fingerprint expected, Fingerprint presented) {
        String where = KnownHosts.key(host, port);
        if (pinned != null) {
            return "The " + peerNoun + " at " + where + " presented the identity " + presented + ", not the pinned "
                    + expected + ": refusing to connect. Someone may be intercepting the connection; check the "
                    + "fingerprint with the " + peerNoun + "'s operator.";
        }
        return "WARNING: the identity of the " + peerNoun + " at " + where + " has changed (it was " + expected
                + ", it is now " + presented + "): refusing to connect. Someone may be intercepting the connection, "
                + "or the " + peerNoun + " has a new identity. If you are sure the change is genuine, remove the line "
                + "for " + where + " from " + knownHosts.describe() + " and connect again.";
    }

    @Override
    public String toString() {
        return "TlsOptions[" + (identity != null ? "identity " + identity.fingerprint() : "no identity")
                + (pinned != null ? ", pinned " + pinned : "") + (knownHosts != null ? ", " + knownHosts : "") + "]";
    }

    /** Builds {@link TlsOptions}; every part is optional. */
    public static final class Builder {
        private Identity identity;
        private KnownHosts knownHosts;
        private Fingerprint pinned;
        private TrustPrompt prompt = TrustPrompt.acceptNew();

        private Builder() {
        }

        /** The identity presented when accepting connections (relay, listening peer). */
        public Builder identity(Identity value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** Where identities met are remembered and looked up (trust on first use). */
        public Builder knownHosts(KnownHosts value) {
            this.knownHosts = Objects.requireNonNull(value, "knownHosts");
            return this;
        }

        /**
         * The one identity to accept, whatever the known hosts say (e.g. from {@code --fingerprint}).
         * A match is then remembered in the known hosts, replacing an older entry.
         */
        public Builder pinnedFingerprint(Fingerprint value) {
            this.pinned = Objects.requireNonNull(value, "pinnedFingerprint");
            return this;
        }

        /** Asked about identities never met (default {@link TrustPrompt#acceptNew()}). */
        public Builder trustPrompt(TrustPrompt value) {
            this.prompt = Objects.requireNonNull(value, "trustPrompt");
            return this;
        }

        public TlsOptions build() {
            return new TlsOptions(this);
        }
    }
}
