package dev.duplex.core.relay;

import io.netty.channel.Channel;

/**
 * One identified connection in a room. Until its history replay has been written it receives no
 * live TEXT (the replay covers everything stored before it), so what it sees is in sequence order.
 */
final class Member {
    private final String nickname;
    private final Channel channel;
    private final String sessionToken;
    private volatile boolean replayed;

    /**
     * @param sessionToken the client's random session token (HELLO attribute), or null: a new
     *                     connection with the same nickname and token replaces this one
     */
    Member(String nickname, Channel channel, String sessionToken) {
        this.nickname = nickname;
        this.channel = channel;
        this.sessionToken = sessionToken;
    }

    /** True if {@code other} is this member's own session reconnecting (same nickname and token). */
    boolean sameSessionAs(Member other) {
        return sessionToken != null && sessionToken.length() >= 16 && nickname.equals(other.nickname)
                && java.security.MessageDigest.isEqual(
                        sessionToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        String.valueOf(other.sessionToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    String nickname() {
        return nickname;
    }

    Channel channel() {
        return channel;
    }

    /** True once the history replay was written: live TEXT may follow it. */
    boolean replayed() {
        return replayed;
    }

    void markReplayed() {
        replayed = true;
    }
}
