package dev.duplex.core.internal.security;

import dev.duplex.core.security.Fingerprint;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The verified identity of the other side of a channel, set once the client's TLS check passed. */
public final class ChannelIdentity {
    /** The server's fingerprint, on a client channel whose TLS handshake and identity check passed. */
    public static final AttributeKey<Fingerprint> PEER_FINGERPRINT =
            AttributeKey.valueOf(ChannelIdentity.class, "peerFingerprint");

    /**
     * On a client channel that the server closed while the person was still deciding whether to trust
     * its identity: completes once they decided, normally if they trusted it (connect again: it is
     * now remembered, or trusted once for the session), exceptionally with the refusal otherwise.
     */
    static final AttributeKey<CompletableFuture<Void>> TRUST_AFTER_CLOSE =
            AttributeKey.valueOf(ChannelIdentity.class, "trustAfterClose");

    private ChannelIdentity() {
    }

    /** The verified fingerprint of {@code channel}'s server, or empty (plaintext, or the accepting side). */
    public static Optional<Fingerprint> peerFingerprint(Channel channel) {
        return channel.hasAttr(PEER_FINGERPRINT) ? Optional.ofNullable(channel.attr(PEER_FINGERPRINT).get())
                : Optional.empty();
    }

    /** The decision still to come about a channel closed while it was being asked, if any (see {@link #TRUST_AFTER_CLOSE}). */
    public static Optional<CompletionStage<Void>> trustDecisionAfterClose(Channel channel) {
        return channel.hasAttr(TRUST_AFTER_CLOSE) ? Optional.ofNullable(channel.attr(TRUST_AFTER_CLOSE).get())
                : Optional.empty();
    }
}
