package dev.duplex.core.internal.protocol;

import java.util.Objects;

/**
 * The accepting side's answer to a good HELLO.
 * <pre>
 * u16 version | u32 capabilities | str8 nickname | str8 room | u32 heartbeatMillis | u64 serverTimeMicros
 *   | u64 historyEpoch
 * </pre>
 * {@code heartbeatMillis} is how often the accepting side pings; {@code serverTimeMicros} is its wall
 * clock, a first estimate of the clock offset that PING/PONG then refine; {@code historyEpoch}
 * identifies the relay's message history (0: none), so a returning client knows whether its room
 * sequence numbers still apply. A decoder reads it as 0 when absent.
 */
public record Welcome(int version, int capabilities, String nickname, String room, long heartbeatMillis,
                      long serverTimeMicros, long historyEpoch) implements Frame {

    public Welcome {
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(room, "room");
    }

    @Override
    public FrameType type() {
        return FrameType.WELCOME;
    }
}
