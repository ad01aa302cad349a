package dev.duplex.core.internal.history;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last sequence of recently used rooms, so that numbering a message needs no query. Bounded by
 * {@code maxRooms}: the least recently used room is forgotten and read back from the table when it
 * next gets a message. Writer thread only.
 */
final class RoomSequences {
    private final MessageTable table;
    private final Map<String, Long> last;

    RoomSequences(MessageTable table, int maxRooms) {
        this.table = table;
        this.last = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxRooms;
            }
        };
    }

    /** Numbers the room's next message (and remembers the number as its last). */
    long next(String room) throws SQLException {
        Long known = last.get(room);
        long next = (known != null ? known : table.lastSequence(room)) + 1;
        last.put(room, next);
        return next;
    }

    /** The number given by {@link #next} was not used (the message was a duplicate): take it back. */
    void unused(String room, long sequence) {
        last.put(room, sequence - 1);
    }

    /** The room's last sequence, from memory if it is there. */
    long current(String room) throws SQLException {
        Long known = last.get(room);
        return known != null ? known : table.lastSequence(room);
    }

    /** What is known now about {@code rooms} (null: not in memory), to {@link #restore} after a rollback. */
    Map<String, Long> remember(List<String> rooms) {
        Map<String, Long> before = new HashMap<>();
        for (String room : rooms) {
            if (!before.containsKey(room)) {
                before.put(room, last.get(room));
            }
        }
        return before;
    }

    /** Puts back what {@link #remember} returned: the numbers given since were rolled back. */
    void restore(Map<String, Long> before) {
        before.forEach((room, known) -> {
            if (known == null) {
                last.remove(room);
            } else {
                last.put(room, known);
            }
        });
    }

    /** Rooms in memory now. */
    int size() {
        return last.size();
    }
}
