package dev.duplex.core.protocol;

import dev.duplex.core.internal.Checks;

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
    /** The smallest control limit: a WELCOME's fixed fields (20 bytes), two longest names and 64 bytes of attributes. */
    public static final int MIN_CONTROL_PAYLOAD = 20 + 2 * Names.MAX_NAME_BYTES + 64;
    /** The smallest text limit: a TEXT's fixed fields (26 bytes) with the longest sender and room names. */
    public static final int MIN_TEXT_PAYLOAD = 26 + 2 * Names.MAX_NAME_BYTES;
    /** The smallest video limit: a VIDEO's fixed fields (21 bytes) with the longest sender name. */
    public static final int MIN_VIDEO_PAYLOAD = 21 + Names.MAX_NAME_BYTES;
    /** The smallest audio limit: an AUDIO's fixed fields (17 bytes), the longest sender name, the largest Opus packet (1275). */
    public static final int MIN_AUDIO_PAYLOAD = 17 + Names.MAX_NAME_BYTES + 1275;

    /** Checks that each limit is between its minimum above and {@link #ABSOLUTE_MAX_PAYLOAD}. */
    public FrameLimits {
        Checks.inRange("maxControlPayload", maxControlPayload, MIN_CONTROL_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
        Checks.inRange("maxTextPayload", maxTextPayload, MIN_TEXT_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
        Checks.inRange("maxVideoPayload", maxVideoPayload, MIN_VIDEO_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
        Checks.inRange("maxAudioPayload", maxAudioPayload, MIN_AUDIO_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
    }

    /** Limits with the default audio bound ({@value #DEFAULT_MAX_AUDIO_PAYLOAD} bytes). */
    public FrameLimits(int maxControlPayload, int maxTextPayload, int maxVideoPayload) {
        this(maxControlPayload, maxTextPayload, maxVideoPayload, DEFAULT_MAX_AUDIO_PAYLOAD);
    }


    /** These limits with another maximum control payload. */
    public FrameLimits withMaxControlPayload(int value) {
        return new FrameLimits(value, maxTextPayload, maxVideoPayload, maxAudioPayload);
    }

    /** These limits with another maximum text payload. */
    public FrameLimits withMaxTextPayload(int value) {
        return new FrameLimits(maxControlPayload, value, maxVideoPayload, maxAudioPayload);
    }

    /** These limits with another maximum video payload. */
    public FrameLimits withMaxVideoPayload(int value) {
        return new FrameLimits(maxControlPayload, maxTextPayload, value, maxAudioPayload);
    }

    /** These limits with another maximum audio payload. */
    public FrameLimits withMaxAudioPayload(int value) {
        return new FrameLimits(maxControlPayload, maxTextPayload, maxVideoPayload, value);
    }

    /** The largest payload any frame type may have. */
    public int maxAnyPayload() {
        return Math.max(Math.max(maxVideoPayload, maxAudioPayload), Math.max(maxTextPayload, maxControlPayload));
    }
}
