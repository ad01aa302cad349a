package dev.duplex.core.security;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;

/** The verified identity of the other side of a channel, set once the client's TLS check passed. */
public final class ChannelIdentity {
    /** The server's fingerprint, on a client channel whose TLS handshake and identity check passed. */
    public static final AttributeKey<Fingerprint> PEER_FINGERPRINT =
            AttributeKey.valueOf(ChannelIdentity.class, "peerFingerprint");

    private ChannelIdentity() {
    }

    /** The verified fingerprint of {@code channel}'s server, or empty (plaintext, or the accepting side). */
    public static Optional<Fingerprint> peerFingerprint(Channel channel) {
        return channel.hasAttr(PEER_FINGERPRINT) ? Optional.ofNullable(channel.attr(PEER_FINGERPRINT).get())
                : Optional.empty();
    }
}
