package dev.duplex.core.security;

import java.util.Objects;
import java.util.Optional;

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

    /** A builder for options the factory methods above do not cover. */
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

    /** Where a connecting side remembers the identities it trusted (trust on first use). */
    public Optional<KnownHosts> knownHosts() {
        return Optional.ofNullable(knownHosts);
    }

    /** The only identity a connecting side accepts, when one is pinned. */
    public Optional<Fingerprint> pinnedFingerprint() {
        return Optional.ofNullable(pinned);
    }

    /** What a connecting side asks about an identity it has never met. */
    public TrustPrompt trustPrompt() {
        return prompt;
    }

    /**
     * For a connecting application: trust on first use in {@code knownHosts}, asking {@code prompt}
     * about identities never met; when {@code pinned} is not null, only that identity is accepted.
     */
    public static TlsOptions client(KnownHosts knownHosts, TrustPrompt prompt, Fingerprint pinned) {
        Builder b = builder().knownHosts(knownHosts).trustPrompt(prompt);
        if (pinned != null) {
            b.pinnedFingerprint(pinned);
        }
        return b.build();
    }

    /**
     * For a listening direct peer: this user's persistent peer identity (in
     * {@link DuplexHome#peerDirectory()}), made on first use.
     *
     * @throws IllegalStateException if the identity cannot be read or made (the sentence says why)
     */
    public static TlsOptions peer() {
        return server(Identity.loadOrCreate(DuplexHome.peerDirectory()));
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

        /** The options set so far. */
        public TlsOptions build() {
            return new TlsOptions(this);
        }
    }
}
