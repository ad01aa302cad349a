package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * Room membership news: {@code u8 kind | str8 room | u16 n | n x str8 nickname}. JOINED and LEFT name
 * one participant; SNAPSHOT lists everyone in the room (sent after WELCOME).
 */
public record Presence(Kind kind, String room, List<String> nicknames) implements Frame {

    /** What happened. Wire values 1, 2, 3. */
    public enum Kind {
        JOINED, LEFT, SNAPSHOT;

        public int code() {
            return ordinal() + 1;
        }

        public static Kind fromCode(int code) {
            if (code < 1 || code > values().length) {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "PRESENCE kind " + code + " is not 1, 2 or 3.");
            }
            return values()[code - 1];
        }
    }

    public Presence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(room, "room");
        nicknames = List.copyOf(nicknames);
        if (nicknames.size() > 0xFFFF) {
            throw new IllegalArgumentException("nicknames: " + nicknames.size() + " (expected: <= 65535)");
        }
    }

    @Override
    public FrameType type() {
        return FrameType.PRESENCE;
    }
}
