package dev.duplex.core.internal.protocol;

/**
 * The relay's mark after a joining member's history replay: every TEXT before it was history,
 * every TEXT after it is live.
 * <pre>
 * u64 roomSequence
 * </pre>
 * Sent once per connection, after WELCOME, the PRESENCE snapshot and the replay (also when nothing
 * was replayed), and only to a member whose HELLO set {@link Hello#CAP_HISTORY_END}.
 *
 * @param roomSequence the room's last sequence when the replay ended: everything up to it was
 *                     replayed or deliberately left out, so a client may resume from it
 */
public record HistoryEnd(long roomSequence) implements Frame {
    @Override
    public FrameType type() {
        return FrameType.HISTORY_END;
    }
}
