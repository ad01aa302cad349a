package dev.duplex.core.internal.security;

import dev.duplex.core.internal.Digests;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Shared secrets that protect rooms of a relay: a client joining a protected room must send the
 * room's secret in its HELLO, as the attribute {@value #HELLO_ATTRIBUTE}. Only SHA-256 digests of
 * the secrets are kept, and they are compared in constant time. Secrets travel only over TLS: a
 * relay refuses to start with secrets and without TLS, and a client refuses to send one in plaintext.
 * Room names are compared in NFC, as the relay names rooms ({@link Names}). Immutable.
 */
public final class RoomSecrets {
    /** The HELLO attribute that carries a room secret (str8 key, str16 UTF-8 value). */
    public static final String HELLO_ATTRIBUTE = Hello.ATTR_SECRET;
    /** No protected rooms. */
    public static final RoomSecrets NONE = new RoomSecrets(Map.of());

    private final Map<String, byte[]> digests;

    private RoomSecrets(Map<String, byte[]> digests) {
        this.digests = Map.copyOf(digests);
    }

    /** These secrets plus {@code secret} for {@code room} (replacing an earlier one for that room). */
    public RoomSecrets with(String room, String secret) {
        Names.requireRoom(room);
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty() || secret.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new IllegalArgumentException("The secret of room '" + room + "' must be 1 to 1024 bytes long.");
        }
        Map<String, byte[]> next = new HashMap<>(digests);
        next.put(Names.normalize(room), digest(secret));
        return new RoomSecrets(next);
    }

    /** True when no room is protected. */
    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** The protected rooms. */
    public Set<String> rooms() {
        return digests.keySet();
    }

    /** True when {@code room} needs a secret. */
    public boolean protects(String room) {
        return digests.containsKey(Names.normalize(room));
    }

    /**
     * True when {@code room} is not protected, or {@code presented} is its secret. The comparison
     * of digests takes the same time wherever they differ.
     */
    public boolean admits(String room, String presented) {
        byte[] expected = digests.get(Names.normalize(room));
        if (expected == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(expected, digest(presented));
    }

    private static byte[] digest(String secret) {
        return Digests.sha256(("duplex room secret\0" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RoomSecrets" + rooms();
    }
}
