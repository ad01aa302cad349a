package dev.duplex.examples.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.examples.CapturedOutput;
import dev.duplex.examples.queue.ProducerConsumer.Item;
import dev.duplex.examples.queue.ProducerConsumer.Result;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProducerConsumerTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void everyProducedItemIsConsumedExactlyOnce() throws Exception {
        Result result = ProducerConsumer.run(3, 4, 2_000, 4, QUIET);

        List<Item> expected = IntStream.rangeClosed(1, 3).boxed()
                .flatMap(p -> IntStream.rangeClosed(1, 2_000).mapToObj(s -> new Item(p, s))).toList();
        assertThat(result.produced()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.consumed()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aSingleConsumerSeesEachProducersItemsInFifoOrder() throws Exception {
        Result result = ProducerConsumer.run(2, 1, 500, 2, QUIET);

        for (int producer = 1; producer <= 2; producer++) {
            int p = producer;
            assertThat(result.consumed()).filteredOn(item -> item.producer() == p).extracting(Item::seq)
                    .isSorted().hasSize(500);
        }
    }

    @Test
    void eachConsumerStopsAtItsPoisonPill() throws Exception {
        CapturedOutput out = new CapturedOutput();

        ProducerConsumer.run(new String[] {"--producers", "2", "--consumers", "3", "--items", "4"}, out.stream());

        assertThat(out.lines()).filteredOn(l -> l.endsWith("took the poison pill and stops")).hasSize(3);
        assertThat(out.lines()).filteredOn(l -> l.matches("consumer-\\d took P\\d#\\d")).hasSize(8);
        assertThat(out.lines()).last().isEqualTo("produced 8 items, consumed 8: each exactly once");
    }
}
