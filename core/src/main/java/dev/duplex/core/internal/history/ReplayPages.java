package dev.duplex.core.internal.history;

import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.relay.history.StoredMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a joining member's replay is cut into pages. The first page starts where only the newest
 * {@code keep} of the missed messages follow (and counts the others, for a returning member); every
 * page holds at most {@code maxMessages} messages and about {@code maxBytes} of text (at least one
 * message), and says whether the replay has caught up. Writer thread only.
 */
final class ReplayPages {
    private final MessageTable table;
    private final RoomSequences sequences;

    ReplayPages(MessageTable table, RoomSequences sequences) {
        this.table = table;
        this.sequences = sequences;
    }

    /**
     * The first page: messages after {@code after}, but only the newest {@code keep} of them;
     * {@code reportSkipped} says whether the page counts the others (a returning member) or not.
     */
    MessageStore.ReplayPage first(String room, long after, int keep, boolean reportSkipped, int maxMessages,
                                  int maxBytes) throws SQLException {
        long start = after;
        long skipped = 0;
        long missed = table.countAfter(room, after);
        if (missed > keep) {
            start = keep == 0 ? sequences.current(room) : table.nthNewestSequence(room, keep) - 1;
            skipped = reportSkipped ? missed - keep : 0;
        }
        MessageStore.ReplayPage page = page(room, start, maxMessages, maxBytes);
        return new MessageStore.ReplayPage(page.messages(), skipped, page.complete(), page.lastSequence());
    }

    /** Messages after {@code after}, oldest first, up to {@code maxMessages} and about {@code maxBytes} of text. */
    MessageStore.ReplayPage page(String room, long after, int maxMessages, int maxBytes) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        long[] bytes = {0};
        boolean[] more = {false};
        table.readAfter(room, after, maxMessages == Integer.MAX_VALUE ? Long.MAX_VALUE : maxMessages + 1L, m -> {
            if (messages.size() >= maxMessages || (!messages.isEmpty() && bytes[0] >= maxBytes)) {
                more[0] = true;
                return false;
            }
            messages.add(m);
            bytes[0] += Wire.utf8Length(m.body());
            return true;
        });
        // Nothing after `after`: the page ends where the room is. A position beyond the room's end is
        // one from another history (the relay started a new one), and the member must not skip the
        // first messages of this one as if it had them.
        long last = messages.isEmpty() ? Math.min(after, sequences.current(room))
                : messages.get(messages.size() - 1).sequence();
        return new MessageStore.ReplayPage(messages, 0, !more[0],
                more[0] ? last : Math.max(last, sequences.current(room)));
    }
}
