package dev.duplex.core.session;

/**
 * Confirmation that a sent text was accepted by the relay (or the direct peer).
 *
 * @param messageId    the id this side gave the message
 * @param roomSequence the relay's position for it in the room (0 in direct mode)
 */
public record Delivery(long messageId, long roomSequence) {
}
