package dev.duplex.core.internal.transport;

/** The peer sent nothing for the configured number of heartbeat intervals. */
public final class HeartbeatTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeartbeatTimeoutException(String message) {
        super(message, null, false, false);
    }
}
