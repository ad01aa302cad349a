package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A relay's count of the frames a receiver has not reported finished, one rule at a time. */
class ReceiptWindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long PATH = 100 * MS;
    private static final long STALL = 1_000 * MS;

    private final ReceiptWindow window = new ReceiptWindow(2, STALL, 0);

    @Test
    void framesYoungerThanTheRoundTripDoNotCountOlderOnesDo() {
        window.forwarded("alice", 1, 0, PATH);
        window.forwarded("alice", 2, 10 * MS, PATH);
        assertThat(window.open(50 * MS, PATH)).as("both on the path").isTrue();
        assertThat(window.open(105 * MS, PATH)).as("one a round trip old").isTrue();
        assertThat(window.open(110 * MS, PATH)).as("both a round trip old").isFalse();
    }

    @Test
    void youngFramesCountBeyondWhatASixtyFpsStreamHasOnThePath() {
        // 100 ms hold 6 frames of a 60 fps stream: 2 + 6 unfinished is full even if all are young.
        for (int i = 1; i <= 7; i++) {
            window.forwarded("alice", i, 0, PATH);
        }
        assertThat(window.open(0, PATH)).isTrue();
        window.forwarded("alice", 8, 0, PATH);
        assertThat(window.open(0, PATH)).isFalse();
    }

    @Test
    void aReceiptFinishesItsSendersFramesUpToItsSequenceAndNoOthers() {
        window.forwarded("alice", 1, 0, PATH);
        window.forwarded("bob", 7, 0, PATH);
        window.forwarded("alice", 2, 0, PATH);
        window.forwarded("alice", 3, 0, PATH);
        assertThat(window.open(200 * MS, PATH)).isFalse();
        assertThat(window.finished("alice", 2, 200 * MS)).isTrue();
        assertThat(window.unfinished()).isEqualTo(2);
        assertThat(window.open(200 * MS, PATH)).as("bob 7 and alice 3 still out").isFalse();
        assertThat(window.finished("bob", 7, 200 * MS)).isTrue();
        assertThat(window.open(200 * MS, PATH)).isTrue();
    }

    @Test
    void aReceiptForFramesNeverForwardedChangesNothing() {
        window.forwarded("alice", 5, 0, PATH);
        assertThat(window.finished("alice", 4, 10 * MS)).isFalse();
        assertThat(window.finished("carol", 99, 10 * MS)).isFalse();
        assertThat(window.unfinished()).isEqualTo(1);
    }

    @Test
    void aSilentReceiverGetsOneFrameEachStallTime() {
        window.forwarded("alice", 1, 0, PATH);
        window.forwarded("alice", 2, 0, PATH);
        assertThat(window.open(STALL - 1, PATH)).isFalse();
        assertThat(window.stallEndsNanos()).isEqualTo(STALL);
        assertThat(window.open(STALL, PATH)).isTrue();
        window.forwarded("alice", 3, STALL, PATH);
        assertThat(window.open(STALL + 1, PATH)).as("the silence counts again from the frame let through").isFalse();
        assertThat(window.open(2 * STALL, PATH)).isTrue();
    }

    @Test
    void tracksAtMostItsBoundTheOldestBeyondCountsAsFinished() {
        for (int i = 1; i <= ReceiptWindow.TRACKED + 50; i++) {
            window.forwarded("alice", i, 0, 0);
        }
        assertThat(window.unfinished()).isEqualTo(ReceiptWindow.TRACKED);
        assertThat(window.finished("alice", 50, 0)).as("already forgotten").isFalse();
        assertThat(window.finished("alice", 51, 0)).isTrue();
        assertThat(window.unfinished()).isEqualTo(ReceiptWindow.TRACKED - 1);
    }
}
