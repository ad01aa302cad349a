package dev.duplex.core.internal.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A room's texts as a node forwards them: in order, once, gaps read back, a new epoch resets. */
class RoomFeedTest {
    private final List<Long> delivered = new ArrayList<>();
    private final List<String> resets = new ArrayList<>();
    /** Reads asked for: after which sequence, and how to answer. */
    private final List<Long> readsAfter = new ArrayList<>();
    private final List<Consumer<RoomFeed.Page>> answers = new ArrayList<>();
    private final RoomFeed feed = new RoomFeed("r", (room, after, count, then, failed) -> {
        readsAfter.add(after);
        answers.add(then);
    }, new RoomFeed.Sink() {
        @Override
        public void deliver(String room, News.Text text) {
            delivered.add(text.sequence());
        }

        @Override
        public void reset(String room) {
            resets.add(room);
        }
    });

    /** A read's answer: {@code texts}, the room's last sequence then being {@code last}. */
    private static RoomFeed.Page page(long last, List<News.Text> texts) {
        return new RoomFeed.Page(texts, last);
    }

    private static News.Text text(long epoch, long sequence) {
        return new News.Text(epoch, sequence, 1000 + sequence, 0, "n", false, "alice", "m" + sequence);
    }

    @Test
    void forwardsInOrderAndDropsWhatItForwardedAlready() {
        feed.start(7, 10);
        feed.offer(text(7, 11));
        feed.offer(text(7, 12));
        feed.offer(text(7, 12));
        feed.offer(text(7, 9));
        assertThat(delivered).containsExactly(11L, 12L);
        assertThat(readsAfter).isEmpty();
    }

    @Test
    void holdsWhatComesBeforeItKnowsWhereTheRoomIs() {
        feed.offer(text(7, 10));
        feed.offer(text(7, 11));
        feed.start(7, 10); // 10 was in the claiming member's replay
        assertThat(delivered).containsExactly(11L);
    }

    @Test
    void aGapIsReadBackWhileLaterTextsWait() {
        feed.start(7, 10);
        feed.offer(text(7, 13));
        feed.offer(text(7, 14));
        assertThat(readsAfter).containsExactly(10L);
        assertThat(delivered).isEmpty();
        answers.get(0).accept(page(13, List.of(text(7, 11), text(7, 12), text(7, 13))));
        assertThat(delivered).containsExactly(11L, 12L, 13L, 14L);
        assertThat(feed.fills()).isEqualTo(1);
    }

    @Test
    void anAckWaitsUntilTheTextsBeforeItWereForwarded() {
        List<String> acks = new ArrayList<>();
        feed.start(7, 10);
        feed.afterDelivered(12, () -> acks.add("ack 12"));
        feed.afterDelivered(9, () -> acks.add("ack 9"));
        assertThat(acks).containsExactly("ack 9");
        feed.offer(text(7, 12)); // 11 is missing: read back first
        assertThat(acks).containsExactly("ack 9");
        answers.get(0).accept(page(12, List.of(text(7, 11), text(7, 12))));
        assertThat(acks).containsExactly("ack 9", "ack 12");
    }

    @Test
    void aHeartbeatFindsWhatTheChannelLost() {
        feed.start(7, 10);
        feed.catchUp(7, 10);
        assertThat(readsAfter).isEmpty();
        feed.catchUp(7, 12);
        assertThat(readsAfter).containsExactly(10L);
        answers.get(0).accept(page(12, List.of(text(7, 11), text(7, 12))));
        assertThat(delivered).containsExactly(11L, 12L);
    }

    @Test
    void aReadThatFindsTheMissedTextsTrimmedTakesTheRoomsPositionAsItIs() {
        List<String> acks = new ArrayList<>();
        feed.start(7, 10);
        feed.catchUp(7, 20);
        feed.afterDelivered(20, () -> acks.add("caught up"));
        // The room's stream expired (its messages outlived the history's age); its position did not.
        answers.get(0).accept(page(20, List.of()));
        assertThat(delivered).isEmpty();
        assertThat(feed.delivered()).isEqualTo(20);
        assertThat(acks).containsExactly("caught up");
        feed.catchUp(7, 20);
        assertThat(readsAfter).as("nothing more to read").containsExactly(10L);
    }

    @Test
    void aNewEpochMeansTheHistoryStartedAnew() {
        feed.start(7, 10);
        feed.offer(text(8, 1));
        assertThat(resets).containsExactly("r");
        assertThat(delivered).containsExactly(1L);
        assertThat(feed.epoch()).isEqualTo(8);
    }

    @Test
    void newsOfTheChannelAreReadBackAsTheyWereWritten() {
        News.Text t = (News.Text) News.parse("T\n7\n12\n1001\n55\nnode-a\n1\nalice\nline one\nline two"
                .getBytes(UTF_8));
        assertThat(t).isEqualTo(new News.Text(7, 12, 1001, 55, "node-a", true, "alice", "line one\nline two"));
        assertThat(News.parse("J\nnode-b\nbob".getBytes(UTF_8)))
                .isEqualTo(new News.Presence("node-b", "bob", true));
        assertThat(News.parse("R\nroom\nbob\nc1".getBytes(UTF_8)))
                .isEqualTo(new News.TakenOver("room", "bob", "c1"));
        assertThat(News.parse("X\nsomething newer".getBytes(UTF_8))).isNull();
    }
}
