package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.session.PresenceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceNoticesTest {
    private final PresenceNotices notices = new PresenceNotices();

    private List<String> apply(PresenceEvent.Kind kind, String... names) {
        return notices.apply(new PresenceEvent(kind, "lobby", List.of(names)), "alice", "lobby");
    }

    @Test
    void someoneListedOnJoiningIsNotAnnouncedAgainAsJoined() {
        assertThat(apply(PresenceEvent.Kind.SNAPSHOT, "alice", "bob")).containsExactly("Also in lobby: bob.");
        assertThat(apply(PresenceEvent.Kind.JOINED, "bob")).isEmpty();
        assertThat(apply(PresenceEvent.Kind.JOINED, "carol")).containsExactly("carol joined");
        assertThat(apply(PresenceEvent.Kind.LEFT, "carol")).containsExactly("carol left");
        assertThat(apply(PresenceEvent.Kind.LEFT, "carol")).as("told once").isEmpty();
    }

    @Test
    void afterAReconnectOnlyWhoCameOrWentMeanwhileIsTold() {
        apply(PresenceEvent.Kind.SNAPSHOT, "alice", "bob", "carol");
        assertThat(apply(PresenceEvent.Kind.SNAPSHOT, "alice", "bob", "dave"))
                .containsExactly("carol left", "dave joined");
        assertThat(apply(PresenceEvent.Kind.SNAPSHOT, "alice", "bob", "dave")).isEmpty();
    }

    @Test
    void youAreNeverAnnounced() {
        assertThat(apply(PresenceEvent.Kind.SNAPSHOT, "alice")).isEmpty();
        assertThat(apply(PresenceEvent.Kind.JOINED, "alice")).isEmpty();
    }
}
