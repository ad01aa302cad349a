package dev.duplex.core.relay.history;

import java.util.List;

/**
 * A read-only view of a relay's message history (see {@code RelayServer.history()}): what each room
 * holds, and the number that names this history. Only the relay itself stores messages.
 */
public interface MessageHistory {

    /**
     * A number identifying this history: it changes when the history is created anew, so a client
     * knows its remembered room sequences no longer apply.
     */
    long epoch();

    /**
     * Every stored message of {@code room}, oldest first, once the messages being stored now are in.
     * Reads the whole room: for tools and tests, not for a busy relay's hot path.
     */
    List<StoredMessage> messages(String room);
}
