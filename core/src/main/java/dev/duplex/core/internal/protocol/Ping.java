package dev.duplex.core.internal.protocol;

/** Heartbeat request: {@code u64 sendTimeMicros}, the sender's wall clock in microseconds. */
public record Ping(long sendTimeMicros) implements Frame {
    @Override
    public FrameType type() {
        return FrameType.PING;
    }
}
