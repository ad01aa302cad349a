package dev.duplex.core.protocol;

/**
 * Maximum payload length per frame category. The length decoder rejects a longer frame from its
 * header alone, before any of its payload is buffered.
 *
 * @param maxControlPayload bound for HELLO, WELCOME, BYE, PING, PONG, ERROR, PRESENCE, ACK, VIDEO_RECEIPT
 * @param maxTextPayload    bound for TEXT frames (header fields plus UTF-8 body)
 * @param maxVideoPayload   bound for VIDEO frames (header fields plus JPEG bytes)
 * @param maxAudioPayload   bound for AUDIO frames (header fields plus one Opus packet)
 */
public record FrameLimits(int maxControlPayload, int maxTextPayload, int maxVideoPayload, int maxAudioPayload) {

    /**
     * Default bound of AUDIO payloads: 4 KiB, room for the sender's name and the largest Opus packet
     * of 20 ms (1275 bytes) with margin.
     */
    public static final int DEFAULT_MAX_AUDIO_PAYLOAD = 4 * 1024;

    /** 64 KiB control, 64 KiB text, 4 MiB video, 4 KiB audio. */
    public static final FrameLimits DEFAULT = new FrameLimits(64 * 1024, 64 * 1024, 4 * 1024 * 1024);

    /** The largest value any limit may take: 256 MiB. */
    public static final int ABSOLUTE_MAX_PAYLOAD = 256 * 1024 * 1024;

    /** The smallest audio bound: a sender's name of 255 bytes and an Opus packet of 1275 bytes fit. */
    static final int MIN_AUDIO_PAYLOAD = FrameType.AUDIO.minPayloadLength() + 255 + 1275;

    public FrameLimits {
        check("maxControlPayload", maxControlPayload, FrameType.WELCOME.minPayloadLength() + 2 * 255 + 64);
        check("maxTextPayload", maxTextPayload, FrameType.TEXT.minPayloadLength() + 2 * 255);
        check("maxVideoPayload", maxVideoPayload, FrameType.VIDEO.minPayloadLength() + 255);
        check("maxAudioPayload", maxAudioPayload, MIN_AUDIO_PAYLOAD);
    }

    /** Limits with the default audio bound ({@value #DEFAULT_MAX_AUDIO_PAYLOAD} bytes). */
    public FrameLimits(int maxControlPayload, int maxTextPayload, int maxVideoPayload) {
        this(maxControlPayload, maxTextPayload, maxVideoPayload, DEFAULT_MAX_AUDIO_PAYLOAD);
    }

    private static void check(String name, int value, int min) {
        if (value < min || value > ABSOLUTE_MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    name + ": " + value + " (expected: " + min + ".." + ABSOLUTE_MAX_PAYLOAD + ")");
        }
    }

    public FrameLimits withMaxControlPayload(int value) {
        return new FrameLimits(value, maxTextPayload, maxVideoPayload, maxAudioPayload);
    }

    public FrameLimits withMaxTextPayload(int value) {
        return new FrameLimits(maxControlPayload, value, maxVideoPayload, maxAudioPayload);
    }

    public FrameLimits withMaxVideoPayload(int value) {
        return new FrameLimits(maxControlPayload, maxTextPayload, value, maxAudioPayload);
    }

    public FrameLimits withMaxAudioPayload(int value) {
        return new FrameLimits(maxControlPayload, maxTextPayload, maxVideoPayload, value);
    }

    /** The payload bound for one frame type. */
    public int maxPayload(FrameType type) {
        return switch (type.category()) {
            case CONTROL -> maxControlPayload;
            case TEXT -> maxTextPayload;
            case VIDEO -> maxVideoPayload;
            case AUDIO -> maxAudioPayload;
        };
    }

    /** The largest whole frame (header included) any type may have. */
    public int maxFrameLength() {
        return Wire.HEADER_LENGTH + Math.max(Math.max(maxVideoPayload, maxAudioPayload),
                Math.max(maxTextPayload, maxControlPayload));
    }
}
