package dev.duplex.chat.model;

import java.util.List;

/**
 * An immutable copy of a {@link ChatModel}, taken at once: what a view renders.
 *
 * @param entries      the kept entries, oldest first, with consecutive ids
 * @param participants who is in the room (or the two peers), sorted
 * @param self         this side's nickname (empty before the first connection)
 * @param status       the connection status
 */
public record ChatSnapshot(List<ChatEntry> entries, List<String> participants, String self,
                           ConnectionStatus status) {
    public ChatSnapshot {
        entries = List.copyOf(entries);
        participants = List.copyOf(participants);
    }
}
