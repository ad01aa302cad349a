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
    public enum Kind { JOINED, LEFT, SNAPSHOT }
}
