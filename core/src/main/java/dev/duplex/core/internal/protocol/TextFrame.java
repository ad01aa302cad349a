package dev.duplex.core.internal.protocol;

import java.util.Objects;

/**
 * A chat message.
 * <pre>
 * u64 messageId | u64 roomSequence | u64 timestampMicros | str8 sender | str8 room | UTF-8 body (rest)
 * </pre>
 * The sender picks {@code messageId} (unique per sender); the relay fills {@code sender}, {@code room}
 * and {@code roomSequence} when it forwards, whatever the client put there.
 */
public record TextFrame(long messageId, long roomSequence, long timestampMicros, String sender, String room,
                        String body) implements Frame {
    public TextFrame {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(body, "body");
    }

    /** The payload length of a TEXT with these fields (the fixed fields plus the UTF-8 strings). */
    public static int payloadLength(String sender, String room, String body) {
        return FrameType.TEXT.minPayloadLength() + Wire.utf8Length(sender) + Wire.utf8Length(room)
                + Wire.utf8Length(body);
    }

    @Override
    public FrameType type() {
        return FrameType.TEXT;
    }
}
