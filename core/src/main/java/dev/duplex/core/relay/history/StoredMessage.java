package dev.duplex.core.relay.history;

/**
 * One chat message as the relay keeps it.
 *
 * @param room            the room
 * @param sequence        its number in the room (1, 2, 3...)
 * @param sender          the sender's nickname
 * @param messageId       the sender's id for it (unique per sender)
 * @param timestampMicros when the sender sent it
 * @param body            the text
 */
public record StoredMessage(String room, long sequence, String sender, long messageId, long timestampMicros,
                            String body) {
}
