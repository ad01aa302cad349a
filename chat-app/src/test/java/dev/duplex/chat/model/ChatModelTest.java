package dev.duplex.chat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatModelTest {
    private static final Instant T = Instant.parse("2025-01-01T12:01:05Z");

    @Test
    void keepsAtMostMaxEntriesDroppingTheOldest() {
        ChatModel model = new ChatModel(3);
        for (int i = 1; i <= 5; i++) {
            model.addMessage(T, "bob", "m" + i);
        }
        List<ChatEntry> entries = model.snapshot().entries();
        assertThat(entries).extracting(ChatEntry::body).containsExactly("m3", "m4", "m5");
        assertThat(entries).extracting(ChatEntry::id).containsExactly(3L, 4L, 5L);
        assertThat(model.entry(2)).isEmpty();
        assertThat(model.entry(4)).map(ChatEntry::body).contains("m4");
    }

    @Test
    void aDividerSeparatesReplayedHistoryFromTheFirstLiveEntry() {
        ChatModel model = new ChatModel();
        model.addNotice(T, "Connected to 127.0.0.1:24100 as alice in room lobby.");
        model.addMessage(T.minusSeconds(3600), "bob", "from an hour ago", true);
        model.addMessage(T.minusSeconds(60), "carol", "a minute ago", true);
        model.addMessage(T, "bob", "live", false);
        model.addMessage(T, "bob", "live again", false);

        List<ChatEntry> entries = model.snapshot().entries();
        assertThat(entries).extracting(ChatEntry::kind).containsExactly(ChatEntry.Kind.NOTICE, ChatEntry.Kind.MESSAGE,
                ChatEntry.Kind.MESSAGE, ChatEntry.Kind.DIVIDER, ChatEntry.Kind.MESSAGE, ChatEntry.Kind.MESSAGE);
        assertThat(entries.get(1).time()).as("the message's own time, not when it arrived")
                .isEqualTo(T.minusSeconds(3600));
        assertThat(entries.get(3).body()).isEqualTo(ChatModel.HISTORY_DIVIDER);
    }

    @Test
    void historyEndedPutsTheDividerInAtOnceAndOnlyOnce() {
        ChatModel model = new ChatModel();
        model.historyEnded();
        assertThat(model.snapshot().entries()).as("no history, no divider").isEmpty();
        model.addMessage(T, "bob", "old", true);
        model.historyEnded();
        model.historyEnded();
        model.addNotice(T, "carol joined");
        assertThat(model.snapshot().entries()).extracting(ChatEntry::kind).containsExactly(ChatEntry.Kind.MESSAGE,
                ChatEntry.Kind.DIVIDER, ChatEntry.Kind.NOTICE);
    }

    @Test
    void ownMessageIsPendingUntilMarkedSent() {
        ChatModel model = new ChatModel();
        ChatEntry own = model.addOwnMessage(T, "alice", "hello");
        assertThat(own.own()).isTrue();
        assertThat(own.sendState()).isEqualTo(SendState.PENDING);

        assertThat(model.markSent(own.id())).isTrue();

        assertThat(model.entry(own.id()).orElseThrow().sendState()).isEqualTo(SendState.SENT);
        assertThat(model.markFailed(own.id(), "too late")).as("a sent message stays sent").isFalse();
    }

    @Test
    void failedMessageKeepsTheReason() {
        ChatModel model = new ChatModel();
        ChatEntry own = model.addOwnMessage(T, "alice", "hello");

        model.markFailed(own.id(), "The connection was lost.");

        ChatEntry failed = model.entry(own.id()).orElseThrow();
        assertThat(failed.sendState()).isEqualTo(SendState.FAILED);
        assertThat(failed.detail()).isEqualTo("The connection was lost.");
    }

    @Test
    void receivedMessagesCannotBeMarked() {
        ChatModel model = new ChatModel();
        ChatEntry received = model.addMessage(T, "bob", "hi");
        assertThat(model.markFailed(received.id(), "no")).isFalse();
        assertThat(model.entry(received.id()).orElseThrow().sendState()).isEqualTo(SendState.SENT);
    }

    @Test
    void entriesAfterReturnsOnlyNewerOnesEvenAfterTrimming() {
        ChatModel model = new ChatModel(4);
        for (int i = 1; i <= 6; i++) {
            model.addNotice(T, "n" + i);
        }
        assertThat(model.entriesAfter(4)).extracting(ChatEntry::body).containsExactly("n5", "n6");
        assertThat(model.entriesAfter(0)).extracting(ChatEntry::body).containsExactly("n3", "n4", "n5", "n6");
        assertThat(model.entriesAfter(6)).isEmpty();
    }

    @Test
    void listenersHearEveryChangeButNotARepeatedStatus() {
        ChatModel model = new ChatModel();
        AtomicInteger changes = new AtomicInteger();
        model.addListener(m -> changes.incrementAndGet());

        model.addNotice(T, "hello");
        model.setParticipants("alice", List.of("bob", "alice"));
        ConnectionStatus connected = new ConnectionStatus(LinkState.CONNECTED, "Connected.", -1);
        model.setStatus(connected);
        model.setStatus(connected);
        model.setRtt(420);

        assertThat(changes).hasValue(4);
        ChatSnapshot snapshot = model.snapshot();
        assertThat(snapshot.participants()).containsExactly("alice", "bob");
        assertThat(snapshot.self()).isEqualTo("alice");
        assertThat(snapshot.status().rttMicros()).isEqualTo(420);
        assertThat(snapshot.status().state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new ChatModel(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries: 0 (expected: > 0)");
    }

    @Test
    void formatsTimesAndRoundTrips() {
        assertThat(ChatFormat.time(T)).matches("\\d{2}:01:05");
        assertThat(ChatFormat.rtt(-1)).isEmpty();
        assertThat(ChatFormat.rtt(420)).isEqualTo("0.42 ms");
        assertThat(ChatFormat.rtt(12_400)).isEqualTo("12 ms");
    }
}
