package dev.duplex.core;

import dev.duplex.core.protocol.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Why something ended or failed, for programs and for people: a {@link Kind} to branch on, the
 * protocol's {@link ErrorCode} when an ERROR frame (sent or received) is behind it, and a sentence
 * to show a person. Code decides by the kind and the code, never by the sentence, which may be
 * reworded at any time. Immutable.
 */
public final class Status {

    /** What kind of outcome, in the spirit of gRPC's status codes. */
    public enum Kind {
        /** Nothing went wrong: connected, or a notice that changes nothing. */
        OK,
        /** This side ended it: {@code close()}, or a listener that stopped listening. */
        CANCELLED,
        /**
         * The other side could not be reached or went away: connection refused or timed out, connection
         * lost, a silent (dead) peer, reconnecting given up, not connected.
         */
        UNAVAILABLE,
        /** The other side ended the session on purpose (it said BYE). */
        PEER_CLOSED,
        /**
         * The other side refused this side: its ERROR says why ({@link Status#errorCode()}: nickname
         * taken, access denied, full, rate-limited, too slow, too large to relay).
         */
        REFUSED,
        /** The other side does not speak the protocol properly: not duplex, a bad frame, another version, no handshake in time. */
        PROTOCOL,
        /** A bound of this side was reached: too many texts waiting for acknowledgement, the send queue full. */
        RESOURCE_EXHAUSTED,
        /** What was asked cannot be done as given, e.g. a message too long for the frame limits. */
        INVALID_ARGUMENT,
        /** A fault of this side (a bug, a storage failure). */
        INTERNAL
    }

    private final Kind kind;
    private final ErrorCode code;
    private final String sentence;

    private Status(Kind kind, ErrorCode code, String sentence) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
        this.sentence = Objects.requireNonNull(sentence, "sentence");
    }

    /** A status of {@code kind} with no protocol error code behind it. */
    public static Status of(Kind kind, String sentence) {
        return new Status(kind, null, sentence);
    }

    /** A status of {@code kind} caused by an ERROR with {@code code}. */
    public static Status of(Kind kind, ErrorCode code, String sentence) {
        return new Status(kind, Objects.requireNonNull(code, "code"), sentence);
    }

    /** The status an ERROR frame with {@code code} stands for (its kind follows from the code, see {@link #kindOf}). */
    public static Status of(ErrorCode code, String sentence) {
        return of(kindOf(code), code, sentence);
    }

    /** The kind of outcome an ERROR frame's code stands for. */
    public static Kind kindOf(ErrorCode code) {
        return switch (code) {
            case NOT_DUPLEX, VERSION_MISMATCH, UNKNOWN_FRAME_TYPE, FRAME_TOO_LARGE, MALFORMED_FRAME, INVALID_UTF8,
                 UNEXPECTED_FRAME, HANDSHAKE_TIMEOUT -> Kind.PROTOCOL;
            case NICKNAME_TAKEN, INVALID_NAME, ACCESS_DENIED, CAPACITY_EXCEEDED, RATE_LIMITED, SLOW_CONSUMER,
                 TOO_LARGE_TO_RELAY -> Kind.REFUSED;
            case HEARTBEAT_TIMEOUT -> Kind.UNAVAILABLE;
            case HISTORY_TRUNCATED, CLUSTER_RESTORED -> Kind.OK;
            case CLUSTER_DEGRADED -> Kind.UNAVAILABLE;
            case INTERNAL -> Kind.INTERNAL;
        };
    }

    /** What kind of outcome this is: what code branches on. */
    public Kind kind() {
        return kind;
    }

    /** The protocol's error code when an ERROR frame is behind this status; empty otherwise. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(code);
    }

    /** What happened, as a sentence for a person (and, where possible, what to do). */
    public String sentence() {
        return sentence;
    }

    /** True if this status is of {@code kind}. */
    public boolean is(Kind kind) {
        return this.kind == kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Status s && s.kind == kind && s.code == code && s.sentence.equals(sentence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, code, sentence);
    }

    @Override
    public String toString() {
        return "Status[" + kind + (code != null ? ", " + code : "") + "]: " + sentence;
    }
}
