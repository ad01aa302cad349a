package dev.duplex.video.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;

class RepaintCoalescerTest {

    @Test
    void manyRequestsWhileTheEdtIsBusyBecomeOneUpdate() throws Exception {
        AtomicInteger updates = new AtomicInteger();
        RepaintCoalescer coalescer = new RepaintCoalescer(updates::incrementAndGet);
        CountDownLatch release = new CountDownLatch(1);
        // Keep the EDT busy so that requests pile up behind it.
        SwingUtilities.invokeLater(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 1_000; i++) {
            coalescer.request();
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> updates.get() >= 1);
        SwingUtilities.invokeAndWait(() -> { });

        assertThat(updates.get()).isEqualTo(1);
        coalescer.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> updates.get() == 2);
    }
}
