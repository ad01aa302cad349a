package dev.duplex.core.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {
    private static final HistoryConfig SMALL = new HistoryConfig(5, Duration.ofDays(1), 3, 2, 100, 16);

    private static MessageStore.Appended append(MessageStore store, String room, String sender, long id, String body) {
        CompletableFuture<MessageStore.Appended> done = new CompletableFuture<>();
        assertThat(store.append(room, sender, id, 1, body, done::complete, done::completeExceptionally)).isTrue();
        return done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The first page of a replay, pages large enough to hold everything. */
    private static MessageStore.ReplayPage replay(MessageStore store, String room, long after) {
        CompletableFuture<MessageStore.ReplayPage> done = new CompletableFuture<>();
        assertThat(store.replay(room, after, 1000, Integer.MAX_VALUE, done::complete)).isTrue();
        return done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static MessageStore.ReplayPage nextPage(MessageStore store, String room, long after, int messages,
                                                    int bytes) {
        CompletableFuture<MessageStore.ReplayPage> done = new CompletableFuture<>();
        assertThat(store.replayPage(room, after, messages, bytes, done::complete)).isTrue();
        return done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void sequencesCountPerRoomAndDuplicatesGetTheirFirstSequence() {
        try (MessageStore store = MessageStore.open(null, HistoryConfig.DEFAULT)) {
            assertThat(append(store, "a", "alice", 1, "one")).isEqualTo(new MessageStore.Appended(1, false));
            assertThat(append(store, "a", "bob", 1, "two")).isEqualTo(new MessageStore.Appended(2, false));
            assertThat(append(store, "b", "alice", 2, "other room")).isEqualTo(new MessageStore.Appended(1, false));
            assertThat(append(store, "a", "alice", 1, "one again")).isEqualTo(new MessageStore.Appended(1, true));
            assertThat(store.messages("a")).extracting(StoredMessage::body).containsExactly("one", "two");
        }
    }

    /**
     * Under a steady load the writer starts a batch at most once per {@code minBatchInterval}, so what
     * arrives meanwhile is committed (and fanned out) together; an idle store's first append does not
     * wait for it.
     */
    @Test
    void appendsArrivingWithinTheBatchIntervalAreCommittedTogetherAndAnIdleStoreDoesNotWait() {
        AtomicInteger batches = new AtomicInteger();
        HistoryConfig slowBatches = HistoryConfig.DEFAULT.withMinBatchInterval(Duration.ofSeconds(1));
        try (MessageStore store = MessageStore.open(null, slowBatches, batches::incrementAndGet)) {
            long start = System.nanoTime();
            append(store, "a", "alice", 1, "first");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            awaitAtLeast(batches, 1); // the hook runs after the batch's callbacks
            assertThat(batches.get()).isEqualTo(1);
            List<CompletableFuture<MessageStore.Appended>> next = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                CompletableFuture<MessageStore.Appended> done = new CompletableFuture<>();
                assertThat(store.append("a", "bob", 10 + i, 1, "next " + i, done::complete,
                        done::completeExceptionally)).isTrue();
                next.add(done);
            }
            CompletableFuture.allOf(next.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            awaitAtLeast(batches, 2);
            assertThat(batches.get()).as("the five appends came within the interval: one batch").isEqualTo(2);
            assertThat(store.messages("a")).hasSize(6);
        }
    }

    /** Waits (at most 10 s) until {@code counter} reaches {@code value}. */
    private static void awaitAtLeast(AtomicInteger counter, int value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.get() < value && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void theBatchIntervalIsBounded() {
        assertThat(HistoryConfig.DEFAULT.minBatchInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(HistoryConfig.DEFAULT.withMinBatchInterval(Duration.ZERO).minBatchInterval()).isZero();
        assertThatThrownBy(() -> HistoryConfig.DEFAULT.withMinBatchInterval(Duration.ofMillis(1001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minBatchInterval");
        assertThatThrownBy(() -> HistoryConfig.DEFAULT.withMinBatchInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minBatchInterval");
    }

    /**
     * A full room loses its oldest messages 1 % of the bound at a time (here 2 of 200), so it never
     * holds more than the bound and never fewer than 99 % of it; across a reopening too (the writer
     * does not know then where the last chunk ended, and deletes at the first commit).
     */
    @Test
    void aFullRoomDropsItsOldestInChunksOfOnePercentAndNeverHoldsMoreThanItsBound(@TempDir Path dir) {
        HistoryConfig bound200 = new HistoryConfig(200, Duration.ofDays(1), 3, 2, 1000, 16);
        Path file = dir.resolve("relay.db");
        List<Integer> sizes = new ArrayList<>();
        try (MessageStore store = MessageStore.open(file, bound200)) {
            for (int i = 1; i <= 205; i++) {
                append(store, "r", "alice", i, "m" + i);
                sizes.add(store.messages("r").size());
            }
            assertThat(sizes.subList(0, 200)).as("below the bound: all kept").isEqualTo(
                    java.util.stream.IntStream.rangeClosed(1, 200).boxed().toList());
            // 201 crosses it: the oldest chunk goes (1 and 2), then the room grows back to 200 and drops
            // the next chunk (3 and 4) at 203.
            assertThat(sizes.subList(200, 205)).containsExactly(199, 200, 199, 200, 199);
            assertThat(store.messages("r").get(0).body()).isEqualTo("m7");
        }
        try (MessageStore store = MessageStore.open(file, bound200)) {
            append(store, "r", "alice", 206, "m206");
            assertThat(store.messages("r")).hasSize(200);
            append(store, "r", "alice", 207, "m207");
            assertThat(store.messages("r")).hasSizeBetween(198, 200);
        }
    }

    @Test
    void callbacksRunInSequenceOrderAfterCommit() throws Exception {
        try (MessageStore store = MessageStore.open(null, HistoryConfig.DEFAULT)) {
            List<Long> order = new ArrayList<>();
            CompletableFuture<Void> last = new CompletableFuture<>();
            for (int i = 1; i <= 200; i++) {
                int n = i;
                store.append("r", "s", i, 0, "m" + i, a -> {
                    order.add(a.sequence());
                    if (n == 200) {
                        last.complete(null);
                    }
                }, last::completeExceptionally);
            }
            last.get(10, TimeUnit.SECONDS);
            assertThat(order).hasSize(200).isSorted().startsWith(1L).endsWith(200L);
        }
    }

    @Test
    void historySurvivesReopeningTheFileWithTheSameEpoch(@TempDir Path dir) {
        Path file = dir.resolve("relay.db");
        long epoch;
        try (MessageStore store = MessageStore.open(file, HistoryConfig.DEFAULT)) {
            append(store, "r", "alice", 7, "kept");
            epoch = store.epoch();
        }
        try (MessageStore store = MessageStore.open(file, HistoryConfig.DEFAULT)) {
            assertThat(store.epoch()).isEqualTo(epoch);
            assertThat(store.messages("r")).extracting(StoredMessage::body).containsExactly("kept");
            assertThat(append(store, "r", "alice", 7, "kept")).as("dedupe survives a restart")
                    .isEqualTo(new MessageStore.Appended(1, true));
            assertThat(append(store, "r", "bob", 1, "next").sequence()).isEqualTo(2);
        }
    }

    @Test
    void aHistoryFromBeforeSessionKeysIsMigratedAndKeepsItsDuplicateCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.db");
        try (java.sql.Connection old = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = old.createStatement()) {
            s.execute("CREATE TABLE messages (room TEXT NOT NULL, seq INTEGER NOT NULL, sender TEXT NOT NULL, "
                    + "message_id INTEGER NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL, stored_at INTEGER NOT NULL, "
                    + "PRIMARY KEY (room, seq))");
            s.execute("CREATE UNIQUE INDEX messages_by_sender ON messages (room, sender, message_id)");
            s.execute("INSERT INTO messages VALUES ('r', 1, 'alice', 7, 1, 'old', " + System.currentTimeMillis() * 1000
                    + ")");
        }
        try (MessageStore store = MessageStore.open(file, HistoryConfig.DEFAULT)) {
            assertThat(append(store, "r", "alice", 7, "old")).as("the same nickname's id, as before")
                    .isEqualTo(new MessageStore.Appended(1, true));
            CompletableFuture<MessageStore.Appended> bySession = new CompletableFuture<>();
            store.append("r", "alice", "session:abc", 7, 1, "new", bySession::complete, bySession::completeExceptionally);
            assertThat(bySession.orTimeout(10, TimeUnit.SECONDS).join()).as("a session is another sender")
                    .isEqualTo(new MessageStore.Appended(2, false));
        }
    }

    @Test
    void aNewHistoryHasANewEpoch() {
        try (MessageStore a = MessageStore.open(null, HistoryConfig.DEFAULT);
             MessageStore b = MessageStore.open(null, HistoryConfig.DEFAULT)) {
            assertThat(a.epoch()).isNotEqualTo(b.epoch()).isNotZero();
        }
    }

    @Test
    void roomKeepsOnlyTheNewestMessages() {
        try (MessageStore store = MessageStore.open(null, SMALL)) {
            for (int i = 1; i <= 8; i++) {
                append(store, "r", "alice", i, "m" + i);
            }
            assertThat(store.messages("r")).extracting(StoredMessage::sequence).containsExactly(4L, 5L, 6L, 7L, 8L);
        }
    }

    @Test
    void replayGivesWhatCameAfterAPositionBoundedToTheNewest() {
        try (MessageStore store = MessageStore.open(null, SMALL)) {
            for (int i = 1; i <= 5; i++) {
                append(store, "r", "alice", i, "m" + i);
            }
            MessageStore.ReplayPage small = replay(store, "r", 3);
            assertThat(small.messages()).extracting(StoredMessage::sequence).containsExactly(4L, 5L);
            assertThat(small.skipped()).isZero();
            assertThat(small.complete()).isTrue();
            assertThat(small.lastSequence()).isEqualTo(5);

            MessageStore.ReplayPage big = replay(store, "r", 0);
            assertThat(big.messages()).extracting(StoredMessage::sequence).containsExactly(3L, 4L, 5L);
            assertThat(big.skipped()).as("two more were missed than replayed").isEqualTo(2);

            MessageStore.ReplayPage newcomer = replay(store, "r", -1);
            assertThat(newcomer.messages()).extracting(StoredMessage::sequence).containsExactly(4L, 5L);
            assertThat(newcomer.skipped()).isZero();

            MessageStore.ReplayPage upToDate = replay(store, "r", 5);
            assertThat(upToDate.messages()).isEmpty();
            assertThat(upToDate.complete()).isTrue();
            assertThat(upToDate.lastSequence()).isEqualTo(5);
        }
    }

    @Test
    void aReplayComesInPagesBoundedByCountAndBytes() {
        try (MessageStore store = MessageStore.open(null, HistoryConfig.DEFAULT)) {
            for (int i = 1; i <= 7; i++) {
                append(store, "r", "alice", i, "x".repeat(100));
            }
            MessageStore.ReplayPage first = nextPage(store, "r", 0, 3, Integer.MAX_VALUE);
            assertThat(first.messages()).extracting(StoredMessage::sequence).containsExactly(1L, 2L, 3L);
            assertThat(first.complete()).isFalse();
            MessageStore.ReplayPage second = nextPage(store, "r", 3, 100, 150);
            assertThat(second.messages()).as("stops once 150 bytes are reached").extracting(StoredMessage::sequence)
                    .containsExactly(4L, 5L);
            assertThat(second.complete()).isFalse();
            MessageStore.ReplayPage tooSmall = nextPage(store, "r", 5, 100, 1);
            assertThat(tooSmall.messages()).as("at least one message").hasSize(1);
            MessageStore.ReplayPage last = nextPage(store, "r", 6, 100, Integer.MAX_VALUE);
            assertThat(last.messages()).extracting(StoredMessage::sequence).containsExactly(7L);
            assertThat(last.complete()).isTrue();
            assertThat(last.lastSequence()).isEqualTo(7);
        }
    }

    @Test
    void perRoomStateIsBoundedAndSequencesContinueAfterARoomWasForgotten() {
        try (MessageStore store = MessageStore.open(null, HistoryConfig.DEFAULT.withMaxCachedRooms(4))) {
            for (int room = 0; room < 50; room++) {
                append(store, "room-" + room, "alice", 1, "first");
                assertThat(store.cachedRooms()).isLessThanOrEqualTo(4);
            }
            assertThat(append(store, "room-0", "alice", 2, "second").sequence())
                    .as("read back from the database once forgotten").isEqualTo(2);
            assertThat(append(store, "room-49", "alice", 2, "second").sequence()).isEqualTo(2);
        }
    }

    @Test
    void fullRequestQueueRefusesInsteadOfBlocking() {
        HistoryConfig tiny = new HistoryConfig(10, Duration.ofDays(1), 3, 2, 1, 1);
        try (MessageStore store = MessageStore.open(null, tiny)) {
            CompletableFuture<Void> release = new CompletableFuture<>();
            // The first callback holds the writer thread, so the next requests queue up.
            store.append("r", "s", 1, 0, "x", a -> release.join(), t -> { });
            boolean refused = false;
            for (int i = 2; i < 100 && !refused; i++) {
                refused = !store.append("r", "s", i, 0, "x", a -> { }, t -> { });
            }
            release.complete(null);
            assertThat(refused).as("a bounded queue says no at once").isTrue();
        }
    }

    @Test
    void unwritableLocationIsASentence(@TempDir Path dir) throws Exception {
        Path notADirectory = dir.resolve("file");
        java.nio.file.Files.writeString(notADirectory, "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MessageStore.open(notADirectory.resolve("relay.db"), HistoryConfig.DEFAULT))
                .hasMessageContaining("Cannot open the message history at").hasMessageContaining("--data");
    }
}
