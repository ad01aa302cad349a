package dev.duplex.core.session;

import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.security.ChannelIdentity;
import dev.duplex.core.security.Fingerprint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A session's security and identity: the TLS layer of each connection, what its HELLO carries
 * besides the names (a room secret, the session token, the resume position), and the identity the
 * other side proved on the current connection. Set before the first connection; thread-safe.
 */
final class SessionSecurity {
    /** Lets the relay recognise this session when it reconnects before its old connection is gone. */
    private final String sessionToken = HexFormat.of().formatHex(randomBytes());
    private volatile Supplier<ChannelHandler> tlsLayer;
    private volatile Map<String, String> helloExtras = Map.of();
    private volatile Fingerprint peerFingerprint;

    /**
     * Sets this session's security before it dials or accepts: {@code tlsLayer} makes the TLS layer
     * of each connection ({@code null}: plaintext), {@code helloAttributes} go into every HELLO.
     */
    void secure(Supplier<ChannelHandler> tlsLayer, Map<String, String> helloAttributes) {
        this.tlsLayer = tlsLayer;
        this.helloExtras = Map.copyOf(helloAttributes);
    }

    /** A new TLS layer for the next connection, or {@code null} for plaintext. */
    ChannelHandler newTlsLayer() {
        Supplier<ChannelHandler> layer = tlsLayer;
        return layer == null ? null : layer.get();
    }

    /** HELLO attributes: the security extras, the session token, and where to resume the room's history if known. */
    Map<String, String> helloAttributes(OptionalLong resumeAfter) {
        Map<String, String> all = new HashMap<>(helloExtras);
        all.put(Hello.ATTR_SESSION, sessionToken);
        resumeAfter.ifPresent(sequence -> all.put(Hello.ATTR_RESUME, Long.toString(sequence)));
        return all;
    }

    /** A connection was handshaken: remember whom its TLS layer verified, if anyone. */
    void connected(Channel ch) {
        peerFingerprint = ChannelIdentity.peerFingerprint(ch).orElse(null);
    }

    Optional<Fingerprint> peerFingerprint() {
        return Optional.ofNullable(peerFingerprint);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
