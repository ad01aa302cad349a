package dev.duplex.core.relay;

import dev.duplex.core.internal.Digests;
import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.protocol.Names;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One identified connection in a room. Until its history replay has been written it receives no
 * live TEXT (the replay covers everything stored before it), so what it sees is in sequence order.
 */
final class Member {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** ACKs kept while a replay runs, at most (the client's outbox holds fewer unacknowledged texts). */
    private static final int MAX_DEFERRED_ACKS = 1024;

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
    /** The HELLO capabilities: which media this member wants forwarded to it. */
    private final int capabilities;
    /**
     * Random, one per connection: which claim of this nickname is this connection's (cluster). A
     * number, not its text: an idle member of a single relay never needs the text
     * ({@link PresenceClaim#connectionIdText} makes it when a cluster does).
     */
    private final long connectionId = RANDOM.nextLong();
    /** {@link #senderKey()}, made when this member first sends a text: an idle one never needs it. */
    private String senderKey;
    private volatile boolean replayed;
    /** The room sequence the replay reached: live texts up to it were in the replay. */
    private volatile long replayedThrough;
    /**
     * ACKs of this member's texts stored while its replay ran, sent after the replay (an ACK's
     * sequence is a position in the room: it must not pass texts the replay has yet to write).
     * Engine callback thread only.
     */
    private List<Ack> deferredAcks;
    /** Closed because its claim went elsewhere (its session on another node): it did not leave the room. */
    private volatile boolean evicted;

    /**
     * @param sessionToken the client's random session token (HELLO attribute), or null: a new
     *                     connection with the same nickname and token replaces this one
     * @param capabilities the HELLO capabilities ({@code Hello.CAP_TEXT}, {@code CAP_VIDEO}, {@code CAP_AUDIO})
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

    /**
     * The identity the history dedupes this member's messages on (never its nickname): the token's
     * digest, or without a token this connection's id (its resends after a reconnect are then new
     * messages). Made once, on the member's event loop, when it first sends a text.
     */
    String senderKey() {
        if (senderKey == null) {
            senderKey = newSenderKey();
        }
        return senderKey;
    }

    private String newSenderKey() {
        HexFormat hex = HexFormat.of();
        return hasToken() ? "session:" + hex.toHexDigits(tokenHigh) + hex.toHexDigits(tokenLow)
                : "connection:" + PresenceClaim.connectionIdText(connectionId);
    }

    /**
     * This member's claim to its nickname in {@code room}, made anew for each use (a join, a leave)
     * rather than kept: the same room, names, session and connection id every time.
     *
     * @param freeHere true if this node has no member of that nickname in the room now (a claim
     *                 only; a release does not look at it)
     */
    PresenceClaim claim(String room, boolean freeHere) {
        return new PresenceClaim(room, key, nickname, senderKey != null ? senderKey : newSenderKey(), connectionId,
                freeHere);
    }

    Channel channel() {
        return channel;
    }

    /** True if this member asked for frames of {@code type} (TEXT, VIDEO, AUDIO by capability; the rest always). */
    boolean wants(FrameType type) {
        return switch (type) {
            case TEXT -> (capabilities & Hello.CAP_TEXT) != 0;
            case VIDEO -> (capabilities & Hello.CAP_VIDEO) != 0;
            case AUDIO -> (capabilities & Hello.CAP_AUDIO) != 0;
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

    /**
     * Writes {@code ack} now if the replay is written, else keeps it for {@link #ackDeferred}. On the
     * engine's callback thread (where replays end too).
     */
    void acknowledge(Ack ack, WriteBatch writes) {
        if (replayed || deferredAcks != null && deferredAcks.size() >= MAX_DEFERRED_ACKS) {
            writes.write(channel, ack);
        } else {
            if (deferredAcks == null) {
                deferredAcks = new ArrayList<>();
            }
            deferredAcks.add(ack);
        }
    }

    /** The replay is written: the ACKs kept meanwhile go out, after it. */
    void ackDeferred(WriteBatch writes) {
        if (deferredAcks != null) {
            deferredAcks.forEach(ack -> writes.write(channel, ack));
            deferredAcks = null;
        }
    }

    /** Random, one per connection ({@link PresenceClaim#connectionIdText} is how a cluster writes it). */
    long connectionId() {
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
