package dev.duplex.core.relay;

import dev.duplex.core.internal.Digests;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.protocol.Names;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One identified connection in a room. Until its history replay has been written it receives no
 * live TEXT (the replay covers everything stored before it), so what it sees is in sequence order.
 */
final class Member {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String nickname;
    /** {@link Names#nicknameKey} of the nickname: what the room compares. */
    private final String key;
    private final Channel channel;
    /**
     * The first 128 bits of the SHA-256 of the client's session token, or both 0 without a usable
     * token (shorter than 16 characters): 16 bytes per member instead of the token's String.
     */
    private final long tokenHigh;
    private final long tokenLow;
    /**
     * Whose messages these are, for the history's duplicate check: the token's digest, or without a
     * token a random value of this connection (its resends after a reconnect are then new messages).
     */
    private final String senderKey;
    /** The HELLO capabilities: which media this member wants forwarded to it. */
    private final int capabilities;
    /** Random, one per connection: which claim of this nickname is this connection's (cluster). */
    private final String connectionId = randomHex();
    private volatile boolean replayed;
    /** The room sequence the replay reached: live texts up to it were in the replay. */
    private volatile long replayedThrough;
    /** Closed because its claim went elsewhere (its session on another node): it did not leave the room. */
    private volatile boolean evicted;

    /**
     * @param sessionToken the client's random session token (HELLO attribute), or null: a new
     *                     connection with the same nickname and token replaces this one
     * @param capabilities the HELLO capabilities ({@code Hello.CAP_TEXT}, {@code Hello.CAP_VIDEO})
     */
    Member(String nickname, Channel channel, String sessionToken, int capabilities) {
        this.capabilities = capabilities;
        this.nickname = nickname;
        this.key = Names.nicknameKey(nickname);
        this.channel = channel;
        if (sessionToken != null && sessionToken.length() >= 16) {
            ByteBuffer digest = ByteBuffer.wrap(Digests.sha256(sessionToken.getBytes(StandardCharsets.UTF_8)));
            this.tokenHigh = digest.getLong();
            this.tokenLow = digest.getLong();
        } else {
            this.tokenHigh = 0;
            this.tokenLow = 0;
        }
        this.senderKey = hasToken() ? "session:" + HexFormat.of().toHexDigits(tokenHigh)
                + HexFormat.of().toHexDigits(tokenLow) : "connection:" + randomHex();
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private boolean hasToken() {
        return (tokenHigh | tokenLow) != 0;
    }

    /** True if {@code other} is this member's own session reconnecting (same nickname and token). */
    boolean sameSessionAs(Member other) {
        // Compared without an early exit, so the time taken does not tell how much of a guess matched.
        return hasToken() && key.equals(other.key)
                && ((tokenHigh ^ other.tokenHigh) | (tokenLow ^ other.tokenLow)) == 0;
    }

    String nickname() {
        return nickname;
    }

    /** The nickname as the room compares it (NFC, lower case). */
    String key() {
        return key;
    }

    /** The identity the history dedupes this member's messages on (never its nickname). */
    String senderKey() {
        return senderKey;
    }

    Channel channel() {
        return channel;
    }

    /** True if this member asked for frames of {@code type} (TEXT and VIDEO by capability; the rest always). */
    boolean wants(FrameType type) {
        return switch (type) {
            case TEXT -> (capabilities & Hello.CAP_TEXT) != 0;
            case VIDEO -> (capabilities & Hello.CAP_VIDEO) != 0;
            default -> true;
        };
    }

    /** True once the history replay was written: live TEXT may follow it. */
    boolean replayed() {
        return replayed;
    }

    /** The replay is written, up to room sequence {@code through}. */
    void markReplayed(long through) {
        replayedThrough = through;
        replayed = true;
    }

    /** The room sequence the replay reached (0 before it ended, or without one). */
    long replayedThrough() {
        return replayedThrough;
    }

    String connectionId() {
        return connectionId;
    }

    /** This connection is closed because its claim now belongs to another: it did not leave. */
    void markEvicted() {
        evicted = true;
    }

    boolean evicted() {
        return evicted;
    }
}
