package dev.duplex.core.session;

import java.time.Instant;

/**
 * A chat message received.
 *
 * @param messageId    the sender's id for it
 * @param roomSequence the relay's position of it in the room (0 in direct mode)
 * @param sender       who wrote it
 * @param room         where (empty in direct mode)
 * @param body         the text
 * @param timestamp    in relay mode: when the relay received it, by the relay's clock (the same for
 *                     every receiver, and for history); in direct mode: when the peer sent it, by
 *                     the peer's clock
 * @param replayed     true for history the relay replayed on joining (sent before its history-end
 *                     mark), false for a live message; always false from a relay that sends no such mark
 */
public record TextMessage(long messageId, long roomSequence, String sender, String room, String body,
                          Instant timestamp, boolean replayed) {

    /** A live message (not replayed history). */
    public TextMessage(long messageId, long roomSequence, String sender, String room, String body, Instant timestamp) {
        this(messageId, roomSequence, sender, room, body, timestamp, false);
    }
}
