package dev.duplex.core.internal.protocol;

/**
 * Heartbeat answer: {@code u64 echoedSendTimeMicros | u64 responderTimeMicros}. The first field is the
 * PING's timestamp returned unchanged (round-trip time), the second the responder's clock (offset).
 */
public record Pong(long echoedSendTimeMicros, long responderTimeMicros) implements Frame {
    @Override
    public FrameType type() {
        return FrameType.PONG;
    }
}
