package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestPerKeyTest {
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final LatestPerKey<String, String> slots = new LatestPerKey<>(2, discarded::add);

    @Test
    void keepsTheLatestItemOfEachKey() throws InterruptedException {
        slots.offer("alice", "a1");
        slots.offer("bob", "b1");
        slots.offer("alice", "a2");

        assertThat(slots.size()).isEqualTo(2);
        assertThat(slots.takeAll(0, TimeUnit.MILLISECONDS)).containsExactlyInAnyOrder("a2", "b1");
        assertThat(slots.dropped()).isEqualTo(1);
        assertThat(discarded).containsExactly("a1");
        assertThat(slots.size()).isZero();
    }

    @Test
    void refusesNewKeysBeyondTheBound() {
        slots.offer("alice", "a1");
        slots.offer("bob", "b1");

        assertThat(slots.offer("carol", "c1")).isFalse();
        assertThat(slots.refused()).isEqualTo(1);
        assertThat(discarded).containsExactly("c1");
        assertThat(slots.offer("alice", "a2")).isTrue();
    }

    @Test
    void takeAllTimesOutEmptyAndCloseDiscards() throws InterruptedException {
        assertThat(slots.takeAll(20, TimeUnit.MILLISECONDS)).isEmpty();
        slots.offer("alice", "a1");
        slots.close();
        assertThat(discarded).containsExactly("a1");
        assertThat(slots.offer("bob", "b1")).isFalse();
        assertThat(slots.takeAll(20, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void rejectsAZeroBound() {
        assertThatThrownBy(() -> new LatestPerKey<String, String>(0, s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxKeys: 0 (expected: > 0)");
    }
}
