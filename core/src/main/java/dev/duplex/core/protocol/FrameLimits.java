package dev.duplex.core.protocol;

/**
 * Maximum payload length per frame category. The length decoder rejects a longer frame from its
 * header alone, before any of its payload is buffered.
 *
 * @param maxControlPayload bound for HELLO, WELCOME, BYE, PING, PONG, ERROR, PRESENCE, ACK, VIDEO_RECEIPT
 * @param maxTextPayload    bound for TEXT frames (header fields plus UTF-8 body)
 * @param maxVideoPayload   bound for VIDEO frames (header fields plus JPEG bytes)
 */
public record FrameLimits(int maxControlPayload, int maxTextPayload, int maxVideoPayload) {

    /** 64 KiB control, 64 KiB text, 4 MiB video. */
    public static final FrameLimits DEFAULT = new FrameLimits(64 * 1024, 64 * 1024, 4 * 1024 * 1024);

    /** The largest value any limit may take: 256 MiB. */
    public static final int ABSOLUTE_MAX_PAYLOAD = 256 * 1024 * 1024;

    public FrameLimits {
        check("maxControlPayload", maxControlPayload, FrameType.WELCOME.minPayloadLength() + 2 * 255 + 64);
        check("maxTextPayload", maxTextPayload, FrameType.TEXT.minPayloadLength() + 2 * 255);
        check("maxVideoPayload", maxVideoPayload, FrameType.VIDEO.minPayloadLength() + 255);
    }

    private static void check(String name, int value, int min) {
        if (value < min || value > ABSOLUTE_MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    name + ": " + value + " (expected: " + min + ".." + ABSOLUTE_MAX_PAYLOAD + ")");
        }
    }

    public FrameLimits withMaxControlPayload(int value) {
        return new FrameLimits(value, maxTextPayload, maxVideoPayload);
    }

    public FrameLimits withMaxTextPayload(int value) {
        return new FrameLimits(maxControlPayload, value, maxVideoPayload);
    }

    public FrameLimits withMaxVideoPayload(int value) {
        return new FrameLimits(maxControlPayload, maxTextPayload, value);
    }

    /** The payload bound for one frame type. */
    public int maxPayload(FrameType type) {
        return switch (type.category()) {
            case CONTROL -> maxControlPayload;
            case TEXT -> maxTextPayload;
            case VIDEO -> maxVideoPayload;
        };
    }

    /** The largest whole frame (header included) any type may have. */
    public int maxFrameLength() {
        return Wire.HEADER_LENGTH + Math.max(maxVideoPayload, Math.max(maxTextPayload, maxControlPayload));
    }
}
