package dev.duplex.core.session;

import dev.duplex.core.protocol.ErrorCode;

/**
 * A failure of a duplex operation (connect, handshake, send), with a message written as a sentence
 * for the person using the program.
 */
public class DuplexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public DuplexException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public DuplexException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
