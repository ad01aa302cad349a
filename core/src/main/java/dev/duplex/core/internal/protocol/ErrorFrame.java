package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import java.util.Objects;

/**
 * An error report, usually followed by a close:
 * <pre>
 * u16 code | str16 message | [u64 messageId]
 * </pre>
 * {@code messageId} is present (non-zero) only when the error is about one TEXT the receiver sent
 * ({@link ErrorCode#TOO_LARGE_TO_RELAY}); a decoder that does not know the field ignores it.
 */
public record ErrorFrame(ErrorCode code, String message, long messageId) implements Frame {
    public ErrorFrame {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** An error about the connection, not about one message. */
    public ErrorFrame(ErrorCode code, String message) {
        this(code, message, 0);
    }

    @Override
    public FrameType type() {
        return FrameType.ERROR;
    }
}
