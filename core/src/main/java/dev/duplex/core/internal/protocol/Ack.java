package dev.duplex.core.internal.protocol;

/**
 * Acknowledges a TEXT frame: {@code u64 messageId | u64 roomSequence}. {@code roomSequence} is the
 * relay's position for the message in its room, or 0 where there is none (direct mode).
 */
public record Ack(long messageId, long roomSequence) implements Frame {
    @Override
    public FrameType type() {
        return FrameType.ACK;
    }
}
