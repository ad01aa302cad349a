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
 * @param timestamp    when the sender sent it, by the sender's clock
 */
public record TextMessage(long messageId, long roomSequence, String sender, String room, String body,
                          Instant timestamp) {
}
