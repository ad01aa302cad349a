package dev.duplex.core.internal.engine;

import java.util.HexFormat;
import java.util.List;

/**
 * A member's claim to its nickname in a room, as the engine keeps it.
 *
 * @param room         the room (NFC)
 * @param nicknameKey  the nickname as rooms compare it ({@code Names.nicknameKey})
 * @param nickname     the nickname as people see it
 * @param sessionKey   the member's session identity ("session:..." with a token; else unique per connection)
 * @param connectionId random, one per connection: which claim of that nickname a release or a takeover
 *                     means (a number; {@link #connectionIdText()} is how the cluster writes it)
 * @param freeHere     true if this node has no member of that nickname in the room now (a claim
 *                     still registered for this node under it is stale); a release ignores it
 */
public record PresenceClaim(String room, String nicknameKey, String nickname, String sessionKey,
                            long connectionId, boolean freeHere) {

    /** The connection id as the cluster stores and announces it: 16 lower-case hex digits. */
    public String connectionIdText() {
        return connectionIdText(connectionId);
    }

    /** {@code connectionId} as the cluster stores and announces it: 16 lower-case hex digits. */
    public static String connectionIdText(long connectionId) {
        return HexFormat.of().toHexDigits(connectionId);
    }

    /** The answer to a claim. */
    public enum Outcome {
        /** The nickname is this member's now. */
        JOINED,
        /** The member's own session held it (here or on another node, which closes that connection). */
        TAKEN_OVER,
        /** Someone else holds it. */
        NICKNAME_TAKEN,
        /** The room is at its member limit (over every node). */
        FULL,
        /** The engine cannot answer now (the cluster is out of reach) and the room is unknown here. */
        UNAVAILABLE
    }

    /**
     * @param outcome      what the claim got
     * @param epoch        the room's history epoch (for WELCOME)
     * @param members      everyone in the room over every node, this member included, when known
     *                     (null: the relay's own room list is the whole room)
     * @param notice       a sentence to tell the member after WELCOME (the room is degraded), or null
     * @param position     the room's last sequence when the claim was made, where a joining member's
     *                     history ends and its live messages begin; -1 if the engine has none to give
     */
    public record Result(Outcome outcome, long epoch, List<String> members, String notice, long position) {
    }
}
