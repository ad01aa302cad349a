package dev.duplex.core.internal.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The first frame a connecting side sends: who it is and where it wants to be.
 * <pre>
 * u16 version | u32 capabilities | str8 nickname | str8 room | u8 n | n x (str8 key, str16 value)
 * </pre>
 * Attributes are an extension point (e.g. a resume position); unknown keys are ignored.
 */
public record Hello(int version, int capabilities, String nickname, String room, Map<String, String> attributes)
        implements Frame {

    /** Capability bit: sends and receives TEXT. */
    public static final int CAP_TEXT = 1;
    /** Capability bit: sends and receives VIDEO. */
    public static final int CAP_VIDEO = 1 << 1;
    /**
     * Capability bit: sends {@link VideoReceipt}s for the VIDEO frames it receives, and limits its
     * own video to the receipts of a peer that has this bit too. Used only when both sides set it.
     */
    public static final int CAP_VIDEO_RECEIPTS = 1 << 2;
    /**
     * Capability bit: a relay member wants a {@link HistoryEnd} after its history replay (so it can
     * tell history from live messages); a relay advertises it in WELCOME when it sends one.
     */
    public static final int CAP_HISTORY_END = 1 << 3;
    /**
     * Capability bit: sends and receives {@link AudioFrame}s. A side sends AUDIO only to a peer (or a
     * relay) that advertised it; a relay advertises it in WELCOME and forwards AUDIO only to members
     * whose HELLO has it.
     */
    public static final int CAP_AUDIO = 1 << 4;
    /**
     * Capability bit in a relay's WELCOME: a member that set {@link #CAP_VIDEO_RECEIPTS} sends it
     * {@link VideoReceipt}s for the VIDEO it forwards (each naming that frame's sender), and the relay
     * forwards a member's video only a few frames ahead of its receipts, so that no queue builds on
     * the way to a slow receiver. The relay forwards no receipts: a member's own video is not held
     * by them.
     */
    public static final int CAP_RELAY_RECEIPTS = 1 << 5;
    /**
     * Attribute a returning client sends: the highest room sequence it has seen (decimal). The
     * relay replays what came after it; without it a client gets the room's recent history.
     */
    public static final String ATTR_RESUME = "resume";
    /**
     * Attribute: a random token (at least 16 characters) a client keeps for the life of its session.
     * A reconnection with the same nickname and token replaces the old connection if the relay still
     * holds it, instead of being refused as a taken nickname.
     */
    public static final String ATTR_SESSION = "session";
    /** Attribute: the shared secret of a protected room (sent only over TLS). */
    public static final String ATTR_SECRET = "secret";
    /** Most attributes a HELLO may carry. */
    public static final int MAX_ATTRIBUTES = 32;

    public Hello {
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(room, "room");
        attributes = Map.copyOf(attributes);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("attributes: " + attributes.size() + " (expected: <= " + MAX_ATTRIBUTES + ")");
        }
    }

    public Hello(String nickname, String room) {
        this(Wire.PROTOCOL_VERSION, CAP_TEXT | CAP_VIDEO, nickname, room, Map.of());
    }

    /** Attributes whose values are secrets: a room's secret, and the session token (it takes the session over). */
    private static final Set<String> SECRET_ATTRIBUTES = Set.of(ATTR_SECRET, ATTR_SESSION);

    /** Like the record's own, with the values of secret attributes left out: a logged HELLO leaks nothing. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        attributes.forEach((key, value) -> shown.put(key, SECRET_ATTRIBUTES.contains(key) ? "<redacted>" : value));
        return "Hello[version=" + version + ", capabilities=" + capabilities + ", nickname=" + nickname + ", room="
                + room + ", attributes=" + shown + "]";
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO;
    }
}
