package dev.duplex.video.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.video.codec.EncodeSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adaptive control's rules, one interval at a time, without clock or network. */
class AdaptiveQualityTest {
    /** The heartbeat's delay on the way out (one way plus the clocks' offset) without a queue. */
    private static final long DELAY = 100_000;
    private static final long NONE = LinkSample.NO_DELAY;

    private final AdaptiveQuality control = AdaptiveQuality.builder().pictureSize(640, 480).fps(30).minFps(20)
            .startKbps(500).build();

    @Test
    void withoutAStartBudgetItStartsWithTheBestPictureAtEveryFrameUntilTheLinkPushesBack() {
        AdaptiveQuality c = AdaptiveQuality.builder().build();
        assertThat(c.current()).isEqualTo(new EncodeSettings(90, 1.0, 0));
        for (int i = 0; i < 5; i++) {
            assertThat(c.update(clean(30, 46_000, DELAY))).isEqualTo(new EncodeSettings(90, 1.0, 0));
        }
        // A 500 kbit/s link: 1.4 frames of 46 KB got through, the rest was dropped.
        EncodeSettings cut = c.update(new LinkSample(1.0, 30, 28, 2, 46_000, DELAY));
        assertThat(c.budgetBytesPerSecond()).isEqualTo(2 * 46_000 * 0.85, within(1.0));
        assertThat(cut.scale()).isLessThan(1.0);
    }

    /** One second in which {@code frames} frames of {@code bytes} were offered and all of them sent. */
    private static LinkSample clean(long frames, double bytes, long rtt) {
        return new LinkSample(1.0, frames, 0, frames, bytes, rtt);
    }

    /** What a 640x480 picture takes at the current settings: 46 KB at q90, full size. */
    private double frameBytes() {
        return 46_000 * QualityLadderTest.relative(control.current());
    }

    /** Frames per second the current settings let through (30 when not paced). */
    private double fps() {
        return control.current().maxFps() > 0 ? control.current().maxFps() : 30;
    }

    /** One second sent as the current settings say, every frame taken by the socket. */
    private LinkSample asPaced(long rtt) {
        return clean(Math.round(fps()), frameBytes(), rtt);
    }

    @Test
    void startsWithTheBestPictureTheStartBudgetCarriesTwentyTimesASecond() {
        assertThat(control.budgetBytesPerSecond()).isEqualTo(62_500);
        EncodeSettings start = control.current();
        // 640x480 at q90 is about 46 KB (1.2 bits per pixel): 20 of those need 7 Mbit/s.
        assertThat(start.scale()).isLessThan(1.0);
        double predicted = 640 * 480 * 1.2 / 8 * QualityLadderTest.relative(start);
        assertThat(predicted * 20).isLessThanOrEqualTo(62_500);
    }

    @Test
    void climbsFastAtTheStartWhileEachHeartbeatShowsNoQueue() {
        double before = control.budgetBytesPerSecond();
        control.update(asPaced(DELAY));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(before * 1.5, within(1.0));
        control.update(asPaced(DELAY + 20_000));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(before * 2.25, within(1.0));
    }

    @Test
    void doesNotClimbAtTheStartWithoutAFreshDelay() {
        double before = control.budgetBytesPerSecond();
        control.update(asPaced(NONE));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(before);
    }

    @Test
    void anIntervalOfTheStartIsMeasuredAgainstTheLowestOfTheStartsHeartbeats() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        // The heartbeats between the intervals: none over the queue that counts as congestion.
        c.startHeartbeat(0.2, DELAY, 0);
        c.startHeartbeat(0.6, DELAY + 50_000, 25_000);
        // The interval's own heartbeat met 100 ms of queue: 17 frames of 3.7 KB went out (the
        // receiver's window held the rest), all that a 500 kbit/s link carries. Measured against
        // itself (the first interval's sample) it showed no queue, and the start climbed by half.
        LinkSample first = new LinkSample(1.0, 17, 0, 17, 3_700, DELAY + 100_000);
        c.update(first);
        assertThat(c.starting()).isFalse();
        assertThat(c.budgetBytesPerSecond()).isLessThan(first.sentBytesPerSecond());
        double cut = c.budgetBytesPerSecond();
        c.update(clean(12, 3_000, DELAY + 90_000)); // held
        c.update(clean(12, 3_000, DELAY + 90_000));
        assertThat(c.budgetBytesPerSecond()).as("the start's lowest delay stays the baseline: cut again")
                .isLessThan(cut);
    }

    @Test
    void noClimbWhileTheEncoderWaitedForTheReceiverMostOfTheInterval() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        // No queue in the heartbeat, but the receiver's window held the encoder 0.6 s of the second:
        // its receipts came back late. A larger picture would make each held frame larger.
        c.update(new LinkSample(1.0, 17, 0, 17, 3_700, DELAY, 0.6));
        assertThat(c.budgetBytesPerSecond()).isEqualTo(125_000);
        assertThat(c.starting()).isTrue();
        c.update(new LinkSample(1.0, 25, 0, 25, 3_700, DELAY, 0.2));
        assertThat(c.budgetBytesPerSecond()).as("held a little: climbs").isEqualTo(125_000 * 1.5, within(1.0));
        // After the start, too: the slow climb waits while the receiver holds the frames.
        c.update(new LinkSample(1.0, 30, 10, 20, frameBytesOf(c), DELAY));
        c.update(clean(20, frameBytesOf(c), DELAY)); // held
        double after = c.budgetBytesPerSecond();
        for (int i = 0; i < 3; i++) {
            c.update(new LinkSample(1.0, 12, 0, 12, frameBytesOf(c), DELAY, 0.7));
        }
        assertThat(c.budgetBytesPerSecond()).isEqualTo(after);
        c.update(clean(20, frameBytesOf(c), DELAY));
        c.update(clean(20, frameBytesOf(c), DELAY));
        assertThat(c.budgetBytesPerSecond()).as("not held: the climb goes on").isGreaterThan(after);
    }

    @Test
    void aStartAboveTheLinksRateIsCutAtTheHeartbeatsThatShowItsQueueGrowing() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        assertThat(c.starting()).isTrue();
        // 1 Mbit/s offered into 500 kbit/s: the queue on the way out grows by half a second every second.
        c.startHeartbeat(0.1, DELAY + 20_000, 12_500);
        c.startHeartbeat(0.2, DELAY, 25_000);
        c.startHeartbeat(0.3, DELAY + 50_000, 37_500);
        c.startHeartbeat(0.4, DELAY + 100_000, 50_000);
        assertThat(c.starting()).as("one heartbeat over the bound is not yet a push back").isTrue();
        assertThat(c.budgetBytesPerSecond()).isEqualTo(125_000);
        c.startHeartbeat(0.5, DELAY + 150_000, 62_500);
        assertThat(c.starting()).isFalse();
        // What the link carries: 125 000 B/s offered / (1 + 0.15 s / 0.3 s) = 83 333, less 15 %; at most halved.
        assertThat(c.budgetBytesPerSecond()).isEqualTo(Math.max(62_500, 125_000 / 1.5 * 0.85), within(1.0));
        // The queue stands: frames go out slower than the budget until it drains.
        assertThat(c.current().maxFps()).isPositive();
        assertThat(c.current().maxFps() * frameBytesOf(c)).isLessThan(c.budgetBytesPerSecond());
        // The interval after the cut holds; the start's heartbeats change nothing any more.
        double cut = c.budgetBytesPerSecond();
        c.startHeartbeat(0.6, DELAY + 400_000, 75_000);
        c.update(clean(20, 3_000, DELAY + 120_000));
        assertThat(c.budgetBytesPerSecond()).isEqualTo(cut);
        // The start's lowest delay stays the baseline: what is left of its queue still shows and is
        // paced away, and the budget is not raised over it.
        c.update(clean(20, 3_000, DELAY + 45_000));
        assertThat(c.budgetBytesPerSecond()).isEqualTo(cut);
        assertThat(c.current().maxFps()).isPositive();
        // (Frames of 3 000 bytes were measured; a queue of 45 ms paces 4.5 % below the budget.)
        assertThat(c.current().maxFps() * 3_000).isLessThan(0.96 * cut);
    }

    @Test
    void theStartsCutTakesWhatWasOfferedNotTheBudget() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        // 100 000 B/s offered (the encoder did not fill the budget) into a link taking 62 500.
        c.startHeartbeat(0.2, DELAY, 0);
        c.startHeartbeat(0.4, DELAY + 120_000, 20_000);
        c.startHeartbeat(0.6, DELAY + 240_000, 40_000);
        assertThat(c.starting()).isFalse();
        // 100 000 / (1 + 0.24 s / 0.4 s) = 62 500: the link's rate, less 15 %.
        assertThat(c.budgetBytesPerSecond()).isEqualTo(62_500 * 0.85, within(1.0));
    }

    @Test
    void aStartThatOfferedUnderHalfItsBudgetIsCutFromHalfTheBudget() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        // The encoder waited for receipts (20 000 B/s offered) while a few large frames queued 300 ms.
        c.startHeartbeat(0.2, DELAY, 0);
        c.startHeartbeat(0.4, DELAY + 150_000, 4_000);
        c.startHeartbeat(0.5, DELAY + 300_000, 6_000);
        assertThat(c.starting()).isFalse();
        // From 62 500 (half the budget), not 20 000: 62 500 / (1 + 0.3 / 0.3), and never below its half.
        assertThat(c.budgetBytesPerSecond()).isEqualTo(31_250, within(1.0));
    }

    @Test
    void aStartWithinTheLinksRateClimbsAsBeforeThroughItsHeartbeats() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        // One late heartbeat at a time (a PING behind a large frame) among ones without a queue.
        long[] delays = {DELAY, DELAY + 10_000, DELAY + 90_000, DELAY + 5_000, DELAY + 80_000, DELAY + 70_000, DELAY};
        for (int i = 0; i < delays.length; i++) {
            c.startHeartbeat(0.1 * (i + 1), delays[i], 12_500L * (i + 1));
        }
        assertThat(c.starting()).isTrue();
        c.update(clean(20, 6_000, DELAY));
        assertThat(c.budgetBytesPerSecond()).isEqualTo(125_000 * 1.5, within(1.0));
        assertThat(c.starting()).isTrue();
    }

    @Test
    void aStartSlightlyAboveTheLinksRateIsLeftToTheIntervalWhichMeasuresItBetter() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1000).build();
        // The queue grows by 0.16 s a second (the link carries 86 % of what is sent).
        c.startHeartbeat(0.2, DELAY, 0);
        c.startHeartbeat(0.6, DELAY + 65_000, 50_000);
        c.startHeartbeat(0.7, DELAY + 80_000, 62_500);
        assertThat(c.starting()).isTrue();
        assertThat(c.budgetBytesPerSecond()).isEqualTo(125_000);
    }

    @Test
    void withoutAStartBudgetTheHeartbeatsBetweenIntervalsChangeNothing() {
        AdaptiveQuality c = AdaptiveQuality.builder().build();
        assertThat(c.starting()).isFalse();
        c.startHeartbeat(0.1, DELAY, 0);
        c.startHeartbeat(0.2, DELAY + 500_000, 50_000);
        c.startHeartbeat(0.3, DELAY + 900_000, 100_000);
        assertThat(c.current()).isEqualTo(new EncodeSettings(90, 1.0, 0));
        assertThat(c.budgetBytesPerSecond()).isInfinite();
    }

    /** What a 640x480 picture takes at {@code c}'s settings: 46 KB at q90, full size. */
    private static double frameBytesOf(AdaptiveQuality c) {
        return 46_000 * QualityLadderTest.relative(c.current());
    }

    @Test
    void onALinkWithoutLimitReachesTheBestPictureAtTheFullFrameRateAndStopsThere() {
        for (int i = 0; i < 20; i++) {
            control.update(asPaced(DELAY));
        }
        assertThat(control.current()).isEqualTo(new EncodeSettings(90, 1.0, 0));
        double top = control.budgetBytesPerSecond();
        control.update(asPaced(DELAY));
        assertThat(control.budgetBytesPerSecond()).as("no use going higher").isEqualTo(top)
                .isLessThanOrEqualTo(1.5 * 30 * 46_000);
    }

    @Test
    void aQueueGrowingOnTheWayOutCutsTheBudgetBelowWhatTheLinkCarriedAndDrainsIt() {
        control.update(asPaced(DELAY));
        control.update(asPaced(DELAY));
        LinkSample second = asPaced(DELAY + 400_000);
        double sent = second.sentBytesPerSecond();
        // Sending 40 % more than the link takes for a second: the queue's delay grew by 0.4 s.
        EncodeSettings cut = control.update(second);
        double linkRate = sent / 1.4;
        assertThat(control.budgetBytesPerSecond()).isEqualTo(0.85 * linkRate, within(1.0));
        double budget = control.budgetBytesPerSecond();
        // Paced lower still while the 0.4 s of queue drains.
        assertThat(cut.maxFps() * frameBytes()).isCloseTo(0.6 * budget, within(1.0));
        EncodeSettings draining = control.update(asPaced(DELAY + 300_000));
        assertThat(control.budgetBytesPerSecond()).as("no second cut while it shows").isEqualTo(budget);
        assertThat(draining.maxFps() * frameBytes()).isCloseTo(0.7 * budget, within(1.0));
        EncodeSettings drained = control.update(asPaced(DELAY + 10_000));
        assertThat(drained.maxFps() * frameBytes()).as("drained: back to the budget").isCloseTo(budget, within(1.0));
    }

    @Test
    void aNegativeDelayIsAsGoodAsAnyOtherTheClockOffsetCancelsOut() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(500).build();
        c.update(clean(10, 2_000, -5_000_000));
        double before = c.budgetBytesPerSecond();
        c.update(clean(10, 2_000, -5_000_000 + 300_000));
        assertThat(c.budgetBytesPerSecond()).as("a 300 ms queue").isLessThan(before);
    }

    @Test
    void droppedFramesCutTheBudgetToWhatGotThrough() {
        control.update(asPaced(DELAY));
        double bytes = frameBytes();
        control.update(new LinkSample(1.0, 30, 10, 20, bytes, NONE));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(20 * bytes * 0.85, within(1.0));
    }

    @Test
    void afterThePushBackItClimbsSlowlyAndOnlyAfterCleanIntervals() {
        control.update(new LinkSample(1.0, 30, 10, 20, frameBytes(), DELAY));
        control.update(asPaced(DELAY)); // held
        double after = control.budgetBytesPerSecond();
        control.update(asPaced(DELAY));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(after);
        control.update(asPaced(DELAY));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(after * 1.1, within(1.0));
    }

    @Test
    void aQueueStandingBelowCongestionStopsTheSlowClimb() {
        control.update(new LinkSample(1.0, 30, 10, 20, frameBytes(), DELAY));
        control.update(asPaced(DELAY)); // held
        double after = control.budgetBytesPerSecond();
        // 40 ms above the baseline: more than half of the 60 ms that count as congestion, less than all.
        for (int i = 0; i < 4; i++) {
            control.update(asPaced(DELAY + 40_000));
        }
        assertThat(control.budgetBytesPerSecond()).as("no raise while the queue stands").isEqualTo(after);
        control.update(asPaced(DELAY + 10_000));
        control.update(asPaced(DELAY + 10_000));
        assertThat(control.budgetBytesPerSecond()).as("it drained: the climb goes on")
                .isEqualTo(after * 1.1, within(1.0));
    }

    @Test
    void anIntervalWithNothingOfferedChangesNothing() {
        control.update(asPaced(DELAY));
        EncodeSettings before = control.current();
        double budget = control.budgetBytesPerSecond();
        assertThat(control.update(new LinkSample(1.0, 0, 0, 0, 0, NONE))).as("no peer").isEqualTo(before);
        assertThat(control.budgetBytesPerSecond()).isEqualTo(budget);
    }

    @Test
    void aStallHalvesTheBudgetOnceAndItsQueueDrainsBeforeAnythingElseChanges() {
        for (int i = 0; i < 4; i++) {
            control.update(asPaced(DELAY));
        }
        double budget = control.budgetBytesPerSecond();
        EncodeSettings before = control.current();
        LinkSample stalled = new LinkSample(1.0, 30, 29, 0, frameBytes(), NONE);
        EncodeSettings during = control.update(stalled);
        assertThat(control.budgetBytesPerSecond()).isEqualTo(budget / 2, within(1.0));
        assertThat(during.scale() * during.quality()).as("a smaller picture").isLessThan(before.scale() * before.quality());
        // The rest of the stall changes nothing.
        control.update(stalled);
        control.update(stalled);
        assertThat(control.budgetBytesPerSecond()).isEqualTo(budget / 2, within(1.0));
        // The stall ends: its queue drains in the next interval (a heartbeat 2 s late), which changes nothing.
        control.update(asPaced(DELAY + 2_000_000));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(budget / 2, within(1.0));
    }

    @Test
    void aStallRightAfterACutDoesNotCutAgain() {
        control.update(asPaced(DELAY));
        // The stall starts within an interval: frames sent, then dropped; the budget is cut for that.
        control.update(new LinkSample(1.0, 30, 20, 10, frameBytes(), NONE));
        double cut = control.budgetBytesPerSecond();
        control.update(new LinkSample(1.0, 30, 29, 0, frameBytes(), NONE));
        assertThat(control.budgetBytesPerSecond()).isEqualTo(cut);
    }

    @Test
    void aStallBeforeTheLinkEverPushedBackLeavesTheBestPicture() {
        AdaptiveQuality c = AdaptiveQuality.builder().build();
        c.update(new LinkSample(1.0, 30, 29, 0, 46_000, NONE));
        assertThat(c.current()).isEqualTo(new EncodeSettings(90, 1.0, 0));
    }

    @Test
    void belowTheSmallestPictureTheFrameRateDropsButPicturesKeepMoving() {
        AdaptiveQuality slow = AdaptiveQuality.builder().startKbps(16).build();
        EncodeSettings s = slow.current();
        assertThat(s.scale()).isEqualTo(0.25);
        assertThat(s.quality()).isEqualTo(30);
        assertThat(s.maxFps()).isGreaterThanOrEqualTo(1).isLessThan(20);
    }

    @Test
    void withOneScaleOnlyQualityAndFrameRateAdapt() {
        // As for the lecture's programs, which show a picture at the size it is sent.
        AdaptiveQuality c = AdaptiveQuality.builder().scales(1.0).build();
        for (int i = 0; i < 6; i++) {
            c.update(new LinkSample(1.0, 30, 25, 5, 46_000 * QualityLadderTest.relative(c.current()), NONE));
            c.update(clean(5, 46_000 * QualityLadderTest.relative(c.current()), NONE));
        }
        assertThat(c.current().scale()).isEqualTo(1.0);
        assertThat(c.current().quality()).isEqualTo(30);
        assertThat(c.current().maxFps()).isPositive().isLessThan(20);
    }

    /**
     * A control started at 1197 kbit/s, 2 % above what q30 at 50 % (7.3 KB) needs 20 times a second,
     * then cut by 5 % (its {@code decrease}: 0.95) by an interval with drops; returns that picture's
     * frame size.
     */
    private static double cutJustBelowTheNeedOfQ30AtHalfSize(AdaptiveQuality c) {
        EncodeSettings first = c.current();
        assertThat(first).extracting(EncodeSettings::quality, EncodeSettings::scale).containsExactly(30, 0.5);
        double bytes = 640 * 480 * 1.2 / 8 * QualityLadderTest.relative(first);
        long frames = Math.round(c.budgetBytesPerSecond() / bytes);
        c.update(new LinkSample(1.0, frames + 10, 10, frames, bytes, NONE));
        return bytes;
    }

    @Test
    void aBudgetBelowThePicturesNeedTakesASmallerOneNotAFrameRateBelowTheMinimum() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1197).decrease(0.95).holdIntervals(0).build();
        EncodeSettings first = c.current();
        double bytes = cutJustBelowTheNeedOfQ30AtHalfSize(c);
        assertThat(c.budgetBytesPerSecond()).as("5 %% less: below the need").isLessThan(20 * bytes);
        EncodeSettings smaller = c.current();
        assertThat(smaller).as("a smaller picture")
                .extracting(EncodeSettings::quality, EncodeSettings::scale).isNotEqualTo(List.of(30, 0.5));
        assertThat(20 * bytes * QualityLadderTest.relative(smaller) / QualityLadderTest.relative(first))
                .as("which fits the budget at 20 fps").isLessThanOrEqualTo(c.budgetBytesPerSecond());
        assertThat(smaller.maxFps()).as("and is not paced below 20 fps").satisfiesAnyOf(
                fps -> assertThat(fps).isZero(), fps -> assertThat(fps).isGreaterThanOrEqualTo(20));
    }

    @Test
    void smallChangesOfTheBudgetDoNotSwitchThePictureBackAndForth() {
        AdaptiveQuality c = AdaptiveQuality.builder().startKbps(1197).decrease(0.95).increase(1.05)
                .recoveryIntervals(1).holdIntervals(0).build();
        EncodeSettings first = c.current();
        double bytes = cutJustBelowTheNeedOfQ30AtHalfSize(c);
        EncodeSettings smaller = c.current();
        double smallerBytes = bytes * QualityLadderTest.relative(smaller) / QualityLadderTest.relative(first);
        c.update(clean(20, smallerBytes, NONE));
        assertThat(c.budgetBytesPerSecond()).as("5 %% more: the larger picture would fit at 20 fps again")
                .isGreaterThanOrEqualTo(20 * bytes * 0.99);
        assertThat(c.current()).as("but not with its margin: the picture stays")
                .extracting(EncodeSettings::quality, EncodeSettings::scale)
                .containsExactly(smaller.quality(), smaller.scale());
    }

    @Test
    void aDelayThatStaysHighBecomesTheNewBaseline() {
        control.update(asPaced(DELAY));
        for (int i = 0; i < AdaptiveQuality.BASELINE_SAMPLES + 2; i++) {
            control.update(asPaced(DELAY + 250_000));
        }
        double settled = control.budgetBytesPerSecond();
        for (int i = 0; i < 4; i++) {
            control.update(asPaced(DELAY + 250_000));
        }
        assertThat(control.budgetBytesPerSecond()).as("rising again").isGreaterThan(settled);
    }

    @Test
    void builderNamesTheBadValue() {
        assertThatThrownBy(() -> AdaptiveQuality.builder().maxQuality(101))
                .hasMessage("maxQuality: 101 (expected: 1..100)");
        assertThatThrownBy(() -> AdaptiveQuality.builder().maxQuality(40).minQuality(50).build())
                .hasMessage("minQuality: 50 (expected: <= maxQuality 40)");
        assertThatThrownBy(() -> AdaptiveQuality.builder().scales(0.5, 0.25))
                .hasMessageStartingWith("scales: [0.5, 0.25]");
        assertThatThrownBy(() -> AdaptiveQuality.builder().minFps(0)).hasMessage("minFps: 0.0 (expected: > 0)");
        assertThatThrownBy(() -> AdaptiveQuality.builder().decrease(1)).hasMessageStartingWith("decrease: 1.0");
        assertThatThrownBy(() -> new EncodeSettings(50, 1, -1)).hasMessageStartingWith("maxFps: -1.0");
    }
}
