package dev.duplex.core.internal.transport;

/**
 * A connection's bounded outbound text queue overflowed: the peer reads slower than it is sent to.
 * The relay answers it with ERROR SLOW_CONSUMER and a close; a client's send fails with it instead.
 */
public final class SlowConsumerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SlowConsumerException(String message) {
        super(message, null, false, false);
    }
}
