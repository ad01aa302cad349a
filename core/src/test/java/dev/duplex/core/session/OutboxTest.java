package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.Status;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static Outbox.Entry entry(long id) {
        return new Outbox.Entry(id, 0, "m" + id, new CompletableFuture<>());
    }

    @Test
    void keepsSendingOrderAndIsBounded() {
        Outbox outbox = new Outbox(3);
        assertThat(outbox.offer(entry(5))).isTrue();
        assertThat(outbox.offer(entry(6))).isTrue();
        assertThat(outbox.offer(entry(7))).isTrue();
        assertThat(outbox.offer(entry(8))).as("full").isFalse();
        assertThat(outbox.pending()).extracting(Outbox.Entry::messageId).containsExactly(5L, 6L, 7L);
    }

    @Test
    void acknowledgementCompletesAndRemovesOnce() {
        Outbox outbox = new Outbox(10);
        Outbox.Entry e = entry(1);
        outbox.offer(e);
        assertThat(outbox.acknowledge(1, 42)).isTrue();
        assertThat(e.delivery()).isCompletedWithValue(new Delivery(1, 42));
        assertThat(outbox.acknowledge(1, 42)).as("a second ACK changes nothing").isFalse();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void failAllFailsEveryWaitingMessage() {
        Outbox outbox = new Outbox(10);
        Outbox.Entry a = entry(1);
        Outbox.Entry b = entry(2);
        outbox.offer(a);
        outbox.offer(b);
        outbox.failAll(Status.of(Status.Kind.UNAVAILABLE, "closed"));
        assertThat(a.delivery()).isCompletedExceptionally();
        assertThat(b.delivery()).isCompletedExceptionally();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void receivedTextsDropSequencesAlreadySeenAndResetOnANewEpoch() {
        ReceivedTexts seen = new ReceivedTexts();
        assertThat(seen.canResume()).isFalse();
        seen.onWelcome(77);
        assertThat(seen.canResume()).isTrue();
        assertThat(seen.firstTime(1, "a", 1)).isTrue();
        assertThat(seen.firstTime(2, "a", 2)).isTrue();
        assertThat(seen.firstTime(2, "a", 2)).isFalse();
        assertThat(seen.firstTime(1, "b", 9)).isFalse();
        seen.sawSequence(5);
        assertThat(seen.firstTime(4, "b", 10)).isFalse();
        assertThat(seen.lastSequence()).isEqualTo(5);
        seen.onWelcome(77);
        assertThat(seen.lastSequence()).as("same history: position kept").isEqualTo(5);
        seen.onWelcome(78);
        assertThat(seen.lastSequence()).as("new history: old numbers void").isZero();
        assertThat(seen.firstTime(1, "a", 1)).isTrue();
    }

    @Test
    void aTextShownWithoutASequenceIsNotShownAgainWithOneButIdsAloneNeverHideASequencedText() {
        ReceivedTexts seen = new ReceivedTexts();
        seen.onWelcome(77);
        // A relay cut off from its cluster forwards alice's text at once, without a sequence...
        assertThat(seen.firstTime(0, "alice", 41)).isTrue();
        // ...and again with its sequence once it is stored: shown once.
        assertThat(seen.firstTime(9, "alice", 41)).isFalse();
        assertThat(seen.lastSequence()).isEqualTo(9);
        // Someone else under the same nickname reusing ids later is not hidden.
        assertThat(seen.firstTime(10, "alice", 41)).isTrue();
        assertThat(seen.firstTime(11, "alice", 41)).isTrue();
    }

    @Test
    void receivedTextsDedupeDirectMessagesById() {
        ReceivedTexts seen = new ReceivedTexts();
        assertThat(seen.firstTime(0, "bob", 1)).isTrue();
        assertThat(seen.firstTime(0, "bob", 1)).isFalse();
        assertThat(seen.firstTime(0, "carol", 1)).isTrue();
    }
}
