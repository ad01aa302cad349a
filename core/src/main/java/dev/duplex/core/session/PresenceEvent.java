package dev.duplex.core.session;

import java.util.List;

/**
 * Room membership news.
 *
 * @param kind      JOINED or LEFT (one name), or SNAPSHOT (everyone now in the room)
 * @param room      the room
 * @param nicknames the names concerned
 */
public record PresenceEvent(Kind kind, String room, List<String> nicknames) {
    /** What happened. */
    public enum Kind {
        /** Someone came into the room. */
        JOINED,
        /** Someone left the room. */
        LEFT,
        /** Who is in the room now, sent on joining. */
        SNAPSHOT
    }
}
