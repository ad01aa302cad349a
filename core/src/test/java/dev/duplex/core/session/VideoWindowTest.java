package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.transport.LinkStats;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sender's count of frames the peer has not finished with. */
class VideoWindowTest {
    private static final long NEVER = TimeUnit.HOURS.toNanos(1);

    @Test
    void holdsTheEncoderWhileTheWindowIsFullAndOpensOnAReceipt() throws InterruptedException {
        VideoWindow window = new VideoWindow(2, NEVER);
        window.reset(true);
        window.sent(1);
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("frame 1 not handed to the connection yet").isFalse();
        window.handedOff();
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).isTrue();
        window.sent(2);
        window.handedOff();
        assertThat(window.unfinished()).isEqualTo(2);
        assertThat(window.await(20, TimeUnit.MILLISECONDS)).as("full").isFalse();
        window.finished(1);
        assertThat(window.unfinished()).isEqualTo(1);
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void aReceiptWakesAWaitingEncoder() throws Exception {
        VideoWindow window = new VideoWindow(1, NEVER);
        window.reset(true);
        window.sent(1);
        window.handedOff();
        Thread peer = new Thread(() -> window.finished(1));
        long start = System.nanoTime();
        peer.start();
        assertThat(window.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        peer.join();
    }

    @Test
    void framesDroppedBeforeSendingAndReceiptsBeyondWhatWasSentDoNotBreakTheCount() {
        VideoWindow window = new VideoWindow(2, NEVER);
        window.reset(true);
        window.sent(1);
        window.sent(5); // 2..4 replaced on this side: counted as unfinished until the next receipt
        assertThat(window.unfinished()).isEqualTo(5);
        window.finished(5);
        assertThat(window.unfinished()).isZero();
        window.finished(1_000); // a peer's nonsense: never a negative count
        assertThat(window.unfinished()).isZero();
        window.finished(3); // late and lower: ignored
        window.sent(6);
        assertThat(window.unfinished()).isEqualTo(1);
    }

    @Test
    void withoutReceiptsFromThePeerNothingIsHeld() throws InterruptedException {
        VideoWindow window = new VideoWindow(1, NEVER);
        window.reset(false);
        for (long s = 1; s <= 100; s++) {
            assertThat(window.await(0, TimeUnit.MILLISECONDS)).isTrue();
            window.sent(s);
        }
        assertThat(window.unfinished()).isZero();
    }

    @Test
    void aNewConnectionStartsWithNothingInFlight() throws InterruptedException {
        VideoWindow window = new VideoWindow(1, NEVER);
        window.reset(true);
        window.sent(7);
        window.handedOff();
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).isFalse();
        window.reset(true);
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).isTrue();
        window.sent(8);
        window.close();
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("closed: never held").isTrue();
    }

    @Test
    void aSilentPeerSlowsVideoDownToOneFramePerStallButNeverFreezesIt() throws InterruptedException {
        long stall = TimeUnit.MILLISECONDS.toNanos(100);
        VideoWindow window = new VideoWindow(1, stall);
        window.reset(true);
        window.sent(1);
        window.handedOff();
        long start = System.nanoTime();
        assertThat(window.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(stall);
        window.sent(2);
        window.handedOff();
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("the stall starts again").isFalse();
    }

    @Test
    void framesSentWithinThePathsRoundTripDoNotCountAgainstTheWindow() throws InterruptedException {
        VideoWindow window = new VideoWindow(2, NEVER);
        window.reset(true);
        window.pathRtt(100_000);
        // Up to 6 frames (60 fps x 100 ms) beyond the window of 2 are on the path within a round
        // trip: their receipts cannot be back yet.
        for (long s = 1; s <= 8; s++) {
            assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("frame %d", s).isTrue();
            window.sent(s);
            window.handedOff();
        }
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("2 + 6 unfinished").isFalse();
        window.finished(2);
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).isTrue();
        window.sent(9);
        window.handedOff();
        // Once they are a round trip old, they count: 7 unfinished against a window of 2.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !window.await(0, TimeUnit.MILLISECONDS));
        window.finished(8);
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("one left, fewer than 2").isTrue();
        window.reset(true);
        window.sent(10);
        window.handedOff();
        window.sent(11);
        window.handedOff();
        assertThat(window.await(0, TimeUnit.MILLISECONDS)).as("a new connection: round trip not known yet")
                .isFalse();
    }

    @Test
    void aQueueOnThePathDelaysReceiptsUpToOneMoreRoundTrip() {
        assertThat(LinkStats.receiptDelayMicros(100_000, 100_000)).as("no queue").isEqualTo(100_000);
        assertThat(LinkStats.receiptDelayMicros(100_000, 90_000)).as("latest below the best").isEqualTo(100_000);
        assertThat(LinkStats.receiptDelayMicros(100_000, 150_000)).as("a 50 ms queue").isEqualTo(150_000);
        assertThat(LinkStats.receiptDelayMicros(100_000, 900_000)).as("bounded").isEqualTo(200_000);
        assertThat(LinkStats.receiptDelayMicros(-1, -1)).as("unknown").isNegative();
    }

    @Test
    void sizeMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VideoWindow(0))
                .hasMessageContaining("size: 0 (expected: > 0)");
    }
}
