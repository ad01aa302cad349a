package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A relay's count of the frames a receiver has not reported finished, one rule at a time. */
class ReceiptWindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long PATH = 100 * MS;
    private static final long STALL = 1_000 * MS;
    private static final int FRAME = 1_000;

    private final ReceiptWindow window = new ReceiptWindow(2, STALL, 0);

    @Test
    void framesYoungerThanTheRoundTripDoNotCountOlderOnesDo() {
        window.forwarded("alice", 1, FRAME, 0, PATH);
        window.forwarded("alice", 2, FRAME, 10 * MS, PATH);
        assertThat(window.open(50 * MS, PATH)).as("both on the path").isTrue();
        assertThat(window.open(105 * MS, PATH)).as("one a round trip old").isTrue();
        assertThat(window.open(110 * MS, PATH)).as("both a round trip old").isFalse();
    }

    @Test
    void youngFramesCountBeyondWhatASixtyFpsStreamHasOnThePath() {
        // 100 ms hold 6 frames of a 60 fps stream: 2 + 6 unfinished is full even if all are young.
        for (int i = 1; i <= 7; i++) {
            window.forwarded("alice", i, FRAME, 0, PATH);
        }
        assertThat(window.open(0, PATH)).isTrue();
        window.forwarded("alice", 8, FRAME, 0, PATH);
        assertThat(window.open(0, PATH)).isFalse();
    }

    @Test
    void aReceiptFinishesItsSendersFramesUpToItsSequenceAndNoOthers() {
        window.forwarded("alice", 1, FRAME, 0, PATH);
        window.forwarded("bob", 7, FRAME, 0, PATH);
        window.forwarded("alice", 2, FRAME, 0, PATH);
        window.forwarded("alice", 3, FRAME, 0, PATH);
        assertThat(window.open(200 * MS, PATH)).isFalse();
        assertThat(window.finished("alice", 2, 200 * MS)).isTrue();
        assertThat(window.unfinished()).isEqualTo(2);
        assertThat(window.open(200 * MS, PATH)).as("bob 7 and alice 3 still out").isFalse();
        assertThat(window.finished("bob", 7, 200 * MS)).isTrue();
        assertThat(window.open(200 * MS, PATH)).isTrue();
    }

    @Test
    void aReceiptForFramesNeverForwardedChangesNothing() {
        window.forwarded("alice", 5, FRAME, 0, PATH);
        assertThat(window.finished("alice", 4, 10 * MS)).isFalse();
        assertThat(window.finished("carol", 99, 10 * MS)).isFalse();
        assertThat(window.unfinished()).isEqualTo(1);
    }

    @Test
    void aSilentReceiverGetsOneFrameEachStallTime() {
        window.forwarded("alice", 1, FRAME, 0, PATH);
        window.forwarded("alice", 2, FRAME, 0, PATH);
        assertThat(window.open(STALL - 1, PATH)).isFalse();
        assertThat(window.stallEndsNanos()).isEqualTo(STALL);
        assertThat(window.open(STALL, PATH)).isTrue();
        window.forwarded("alice", 3, FRAME, STALL, PATH);
        assertThat(window.open(STALL + 1, PATH)).as("the silence counts again from the frame let through").isFalse();
        assertThat(window.open(2 * STALL, PATH)).isTrue();
    }

    @Test
    void tracksAtMostItsBoundTheOldestBeyondCountsAsFinished() {
        for (int i = 1; i <= ReceiptWindow.TRACKED + 50; i++) {
            window.forwarded("alice", i, FRAME, 0, 0);
        }
        assertThat(window.unfinished()).isEqualTo(ReceiptWindow.TRACKED);
        assertThat(window.finished("alice", 50, 0)).as("already forgotten").isFalse();
        assertThat(window.finished("alice", 51, 0)).isTrue();
        assertThat(window.unfinished()).isEqualTo(ReceiptWindow.TRACKED - 1);
    }

    @Test
    void onceTheReceiversRateIsKnownNoMoreThanTwiceWhatItFinishesInARoundTripIsOnItsWay() {
        // 46 KB frames over a 500 kbit/s link: one takes 0.74 s, far longer than the 100 ms round trip.
        ReceiptWindow slow = new ReceiptWindow(2, STALL, 0);
        slow.forwarded("alice", 1, 46_000, 0, PATH);
        assertThat(slow.open(10 * MS, PATH)).as("no rate known yet: the count decides").isTrue();
        slow.finished("alice", 1, 740 * MS);
        // 46 KB in 0.74 s: 62 KB/s, twice that in 100 ms is 12.4 KB, less than one frame.
        slow.forwarded("alice", 2, 46_000, 740 * MS, PATH);
        assertThat(slow.open(741 * MS, PATH)).as("one frame at a time").isFalse();
        slow.finished("alice", 2, 1_480 * MS);
        assertThat(slow.open(1_480 * MS, PATH)).as("nothing on its way").isTrue();
    }

    @Test
    void framesThatCrossQuicklyAreLimitedByTheCountOnly() {
        // 8 KB frames at 25 a second, each finished 120 ms after it went: 200 KB/s, 40 KB a round trip.
        ReceiptWindow fast = new ReceiptWindow(2, STALL, 0);
        long t = 0;
        for (int i = 1; i <= 25; i++, t += 40 * MS) {
            fast.forwarded("alice", i, 8_000, t, PATH);
            if (i > 3) {
                fast.finished("alice", i - 3, t);
            }
        }
        assertThat(fast.unfinishedBytes()).isEqualTo(3 * 8_000);
        assertThat(fast.open(t, PATH)).isTrue();
    }
}
