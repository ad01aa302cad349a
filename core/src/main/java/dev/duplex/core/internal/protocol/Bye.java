package dev.duplex.core.internal.protocol;

import java.util.Objects;

/** A graceful goodbye before closing: {@code str16 reason}. */
public record Bye(String reason) implements Frame {
    public Bye {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public FrameType type() {
        return FrameType.BYE;
    }
}
