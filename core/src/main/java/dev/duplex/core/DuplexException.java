package dev.duplex.core;

import dev.duplex.core.protocol.ErrorCode;

/**
 * A failure of a duplex operation (connect, handshake, send, listen, start a relay): its
 * {@link Status} says what kind of failure it is, and its message is the status's sentence, written
 * for the person using the program.
 */
public class DuplexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Status status;

    /** A failure for {@code status}; the message is its sentence. */
    public DuplexException(Status status) {
        super(status.sentence());
        this.status = status;
    }

    /** A failure for {@code status} caused by {@code cause}; the message is the status's sentence. */
    public DuplexException(Status status, Throwable cause) {
        super(status.sentence(), cause);
        this.status = status;
    }

    /** A failure caused by an ERROR with {@code code} (its kind follows from the code). */
    public DuplexException(ErrorCode code, String message) {
        this(Status.of(code, message));
    }

    /** A failure caused by an ERROR with {@code code} (its kind follows from the code). */
    public DuplexException(ErrorCode code, String message, Throwable cause) {
        this(Status.of(code, message), cause);
    }

    /** What kind of failure this is, and why. */
    public Status status() {
        return status;
    }

    /**
     * The protocol's error code behind this failure, or {@code null} when no ERROR is behind it
     * (then {@link Status#kind()} says what happened: unreachable, closed, cancelled...).
     */
    public ErrorCode code() {
        return status.errorCode().orElse(null);
    }
}
