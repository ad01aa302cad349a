package dev.duplex.core.protocol;

/**
 * Error codes carried in ERROR frames. Codes are stable wire values; the sentence that travels with
 * them is for people.
 */
public enum ErrorCode {
    /** The bytes are not duplex frames (wrong magic byte): likely another protocol on this port. */
    NOT_DUPLEX(1),
    /** The peer speaks a protocol version this side does not. */
    VERSION_MISMATCH(2),
    /** A frame type byte that this version does not define. */
    UNKNOWN_FRAME_TYPE(3),
    /** A frame longer than the configured limit for its type. */
    FRAME_TOO_LARGE(4),
    /** A frame shorter than its fixed fields, or whose fields do not fit in it. */
    MALFORMED_FRAME(5),
    /** Text that is not valid UTF-8. */
    INVALID_UTF8(6),
    /** A frame other than HELLO before the handshake, or a second HELLO. */
    UNEXPECTED_FRAME(7),
    /** The nickname is already used in that room. */
    NICKNAME_TAKEN(8),
    /** A nickname or room name that breaks the naming rules. */
    INVALID_NAME(9),
    /** The receiver did not read fast enough and its bounded queue overflowed. */
    SLOW_CONSUMER(10),
    /** No frame arrived for the configured number of heartbeat intervals. */
    HEARTBEAT_TIMEOUT(11),
    /** The room or server is at its configured capacity. */
    CAPACITY_EXCEEDED(12),
    /** Too many frames or bytes per second. */
    RATE_LIMITED(13),
    /** A wrong room secret or a refused identity. */
    ACCESS_DENIED(14),
    /**
     * A notice, not followed by a close: a returning client missed more messages than the relay
     * replays, so only the newest were sent.
     */
    HISTORY_TRUNCATED(16),
    /** HELLO/WELCOME did not complete in time. */
    HANDSHAKE_TIMEOUT(15),
    /**
     * A notice, not followed by a close: the TEXT (whose id the ERROR carries) or VIDEO would be over
     * the receivers' limit once the relay adds the sender's name and room; it was not stored or forwarded.
     */
    TOO_LARGE_TO_RELAY(17),
    /**
     * A notice, not followed by a close: the relay lost its cluster (Redis). Members on this relay
     * still hear each other; texts are acknowledged only once stored, when the cluster is back.
     */
    CLUSTER_DEGRADED(18),
    /** A notice, not followed by a close: the relay has its cluster again, and has caught up. */
    CLUSTER_RESTORED(19),
    /** A fault on the sending side; the connection is closed. */
    INTERNAL(99);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The number this code has on the wire (PROTOCOL.md, "Error codes"). */
    public int code() {
        return code;
    }

    /** True for the codes of notices, which are not followed by a close. */
    public boolean isNotice() {
        return this == HISTORY_TRUNCATED || this == TOO_LARGE_TO_RELAY || this == CLUSTER_DEGRADED
                || this == CLUSTER_RESTORED;
    }

    /** The error code for a wire value; unknown values map to {@link #INTERNAL}. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return INTERNAL;
    }
}
