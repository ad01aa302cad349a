package dev.duplex.core.protocol;

import dev.duplex.core.internal.Checks;

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
    /** The smallest control limit: a WELCOME's fixed fields (20 bytes), two longest names and 64 bytes of attributes. */
    public static final int MIN_CONTROL_PAYLOAD = 20 + 2 * Names.MAX_NAME_BYTES + 64;
    /** The smallest text limit: a TEXT's fixed fields (26 bytes) with the longest sender and room names. */
    public static final int MIN_TEXT_PAYLOAD = 26 + 2 * Names.MAX_NAME_BYTES;
    /** The smallest video limit: a VIDEO's fixed fields (21 bytes) with the longest sender name. */
    public static final int MIN_VIDEO_PAYLOAD = 21 + Names.MAX_NAME_BYTES;

    /** Checks that each limit is between its minimum above and {@link #ABSOLUTE_MAX_PAYLOAD}. */
    public FrameLimits {
        Checks.inRange("maxControlPayload", maxControlPayload, MIN_CONTROL_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
        Checks.inRange("maxTextPayload", maxTextPayload, MIN_TEXT_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
        Checks.inRange("maxVideoPayload", maxVideoPayload, MIN_VIDEO_PAYLOAD, ABSOLUTE_MAX_PAYLOAD);
    }


    /** These limits with another maximum control payload. */
    public FrameLimits withMaxControlPayload(int value) {
        return new FrameLimits(value, maxTextPayload, maxVideoPayload);
    }

    /** These limits with another maximum text payload. */
    public FrameLimits withMaxTextPayload(int value) {
        return new FrameLimits(maxControlPayload, value, maxVideoPayload);
    }

    /** These limits with another maximum video payload. */
    public FrameLimits withMaxVideoPayload(int value) {
        return new FrameLimits(maxControlPayload, maxTextPayload, value);
    }

    /** The largest payload any frame type may have. */
    public int maxAnyPayload() {
        return Math.max(maxVideoPayload, Math.max(maxTextPayload, maxControlPayload));
    }
}
