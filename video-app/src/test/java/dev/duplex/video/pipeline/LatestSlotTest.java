package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestSlotTest {
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final LatestSlot<String> slot = new LatestSlot<>(discarded::add);

    @Test
    void newerItemReplacesTheOneNotTakenAndCountsTheDrop() throws InterruptedException {
        slot.offer("a");
        slot.offer("b");
        slot.offer("c");

        assertThat(slot.take(0, TimeUnit.MILLISECONDS)).isEqualTo("c");
        assertThat(discarded).containsExactly("a", "b");
        assertThat(slot.dropped()).isEqualTo(2);
        assertThat(slot.offered()).isEqualTo(3);
        assertThat(slot.poll()).isNull();
    }

    @Test
    void takeTimesOutWhenEmpty() throws InterruptedException {
        long start = System.nanoTime();
        assertThat(slot.take(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void waitingConsumerWakesUpOnOffer() throws Exception {
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            Future<String> taken = consumer.submit(() -> slot.take(5, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(2)).until(() -> {
                slot.offer("x");
                return taken.isDone();
            });
            assertThat(taken.get()).isEqualTo("x");
        } finally {
            consumer.shutdownNow();
            assertThat(consumer.awaitTermination(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeDiscardsWhatWaitsAndEveryLaterOffer() throws InterruptedException {
        slot.offer("left");
        slot.close();
        assertThat(slot.offer("late")).isFalse();

        assertThat(discarded).containsExactly("left", "late");
        assertThat(slot.take(10, TimeUnit.MILLISECONDS)).isNull();
        slot.close();
    }

    @Test
    void holdsAtMostOneItemWhateverTheProducerRate() {
        for (int i = 0; i < 10_000; i++) {
            slot.offer("f" + i);
        }
        assertThat(slot.isFull()).isTrue();
        assertThat(slot.poll()).isEqualTo("f9999");
        assertThat(slot.dropped()).isEqualTo(9_999);
    }
}
