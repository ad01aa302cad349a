package dev.duplex.core.internal.transport;

/** What {@link BackpressureHandler} does when its bounded text queue is full. */
public enum OverflowPolicy {
    /** Fail the write and close the connection with ERROR SLOW_CONSUMER (relay side: a receiver too slow). */
    DISCONNECT,
    /** Fail only that write with {@link SlowConsumerException} (sending side: the caller decides). */
    REJECT
}
