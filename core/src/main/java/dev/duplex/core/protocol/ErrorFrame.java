package dev.duplex.core.protocol;

import java.util.Objects;

/** An error report, usually followed by a close: {@code u16 code | str16 message}. */
public record ErrorFrame(ErrorCode code, String message) implements Frame {
    public ErrorFrame {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public FrameType type() {
        return FrameType.ERROR;
    }
}
