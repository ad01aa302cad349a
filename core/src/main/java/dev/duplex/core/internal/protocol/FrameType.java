package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.FrameLimits;

/**
 * The type byte of a duplex frame, with the payload bounds that the length decoder checks before
 * any payload is buffered.
 */
public enum FrameType {
    HELLO(0x01, Category.CONTROL, 9),
    WELCOME(0x02, Category.CONTROL, 20),
    BYE(0x03, Category.CONTROL, 2),
    PING(0x04, Category.CONTROL, 8),
    PONG(0x05, Category.CONTROL, 16),
    ERROR(0x06, Category.CONTROL, 4),
    PRESENCE(0x07, Category.CONTROL, 4),
    ACK(0x08, Category.CONTROL, 16),
    VIDEO_RECEIPT(0x09, Category.CONTROL, 9),
    HISTORY_END(0x0A, Category.CONTROL, 8),
    TEXT(0x10, Category.TEXT, 26),
    VIDEO(0x20, Category.VIDEO, 21),
    AUDIO(0x30, Category.AUDIO, 17);

    /** Which limit of {@link FrameLimits} applies to a frame type. */
    public enum Category { CONTROL, TEXT, VIDEO, AUDIO }

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Category category;
    private final int minPayloadLength;

    FrameType(int code, Category category, int minPayloadLength) {
        this.code = code;
        this.category = category;
        this.minPayloadLength = minPayloadLength;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    public Category category() {
        return category;
    }

    /** The payload bound of this type under {@code limits}. */
    public int maxPayload(FrameLimits limits) {
        return switch (category) {
            case CONTROL -> limits.maxControlPayload();
            case TEXT -> limits.maxTextPayload();
            case VIDEO -> limits.maxVideoPayload();
            case AUDIO -> limits.maxAudioPayload();
        };
    }

    /** The smallest payload a well-formed frame of this type can have (all fixed fields, empty strings). */
    public int minPayloadLength() {
        return minPayloadLength;
    }

    /** The type for a wire code, or {@code null} when the code is not a known type. */
    public static FrameType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
