package dev.duplex.chat.control;

import dev.duplex.core.session.PresenceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a relay's presence events into the notices a person reads, each fact once: "Also in
 * lobby: bob." on joining, "bob joined" / "bob left" after that (never "bob joined" for someone
 * already listed), and after a reconnect only who came or went meanwhile. Not thread-safe: used
 * on one session's event loop.
 */
final class PresenceNotices {
    private final Set<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private boolean seenSnapshot;

    /** The notices for {@code event}; {@code self} is never announced. */
    List<String> apply(PresenceEvent event, String self, String room) {
        List<String> notices = new ArrayList<>();
        switch (event.kind()) {
            case JOINED -> event.nicknames().stream().filter(n -> !n.equals(self) && present.add(n))
                    .forEach(n -> notices.add(n + " joined"));
            case LEFT -> event.nicknames().stream().filter(n -> !n.equals(self) && present.remove(n))
                    .forEach(n -> notices.add(n + " left"));
            case SNAPSHOT -> {
                Set<String> now = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                event.nicknames().stream().filter(n -> !n.equals(self)).forEach(now::add);
                if (!seenSnapshot) {
                    if (!now.isEmpty()) {
                        notices.add("Also in " + room + ": " + String.join(", ", now) + ".");
                    }
                } else {
                    present.stream().filter(n -> !now.contains(n)).forEach(n -> notices.add(n + " left"));
                    now.stream().filter(n -> !present.contains(n)).forEach(n -> notices.add(n + " joined"));
                }
                seenSnapshot = true;
                present.clear();
                present.addAll(now);
            }
        }
        return notices;
    }
}
