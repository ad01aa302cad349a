package dev.duplex.video.adapt;

import dev.duplex.video.codec.EncodeSettings;
import java.util.Arrays;

/**
 * Chooses JPEG quality, picture scale and frame rate from what the link did, once per interval. A
 * pure state machine (no clock, no threads) so that its rules are tested directly.
 * <p>It keeps a <b>budget</b> in bytes per second and sends at most that: it takes the best picture
 * of the {@link QualityLadder} that fits the budget {@code minFps} times a second, and paces the
 * frames so that their bytes stay within it ({@link EncodeSettings#maxFps()}). Pacing below what
 * the link carries keeps the queue at the link's bottleneck empty, which is what keeps latency low:
 * a frame waiting in a router's or a socket's buffer is older when it arrives.
 * <ul>
 *   <li><b>Congested</b> when more than {@code maxDropRatio} of the offered frames were dropped
 *       (the socket did not take them), or the heartbeat's delay on the way out is more than
 *       {@code queueDelay} above its lowest of the last {@value #BASELINE_SAMPLES} samples (a queue
 *       stands on this side's way out: its uplink, its link to the relay) and not draining. Only the
 *       way out counts: a queue on the way back (another sender's frames on this side's downlink) is
 *       not this side's to drain. Then the budget becomes what the link carried (what got
 *       through, less the growth of the queue) times {@code decrease}, at most halved in one step,
 *       and no further step is taken for {@code holdIntervals} while the change shows.</li>
 *   <li>While the delay shows a queue, frames are paced below the budget by the queue's
 *       delay (a quarter of it at most), so that it drains within about a second; while it
 *       shrinks, the budget stays as it is.</li>
 *   <li>A call starts with no budget (the best picture, every frame) and gets one the first time
 *       the link pushes back; or, given {@code startKbps}, climbs from there by half per interval
 *       while each heartbeat shows no queue. While it starts, the heartbeats answered between the
 *       intervals are looked at too ({@link #startHeartbeat}): the first queue they show growing
 *       fast is cut at once, not at the end of the interval; and the lowest of them is the
 *       baseline of the intervals' queues too.</li>
 *   <li><b>Clean</b> intervals raise the budget, while it limits the picture or was used and the
 *       encoder did not wait for the receiver most of the interval ({@link #MAX_HELD_SHARE}): by 15 %
 *       per interval while a fresh heartbeat shows no queue on the way out and the budget is far
 *       from the rate at which the link last pushed back (the link got faster), by {@code increase}
 *       every {@code recoveryIntervals} near that rate, where the next push back is expected, while
 *       no queue stands on the way out (above half of {@code queueDelay}).</li>
 *   <li>An interval with nothing offered (no peer) carries no news and changes nothing. The first
 *       interval in which frames were offered and none was sent (the link stalled) halves the budget,
 *       unless a cut was just taken: what the link queued before the stall drains behind smaller
 *       frames when it ends. The rest of the stall, and the interval after it, in which the queue
 *       drains, change nothing.</li>
 * </ul>
 * Most of its length is the builder, which checks every value it is given.
 */
public final class AdaptiveQuality {
    /**
     * Delay samples kept for the baseline, one per interval (ten seconds): a delay that stays
     * higher that long (another route, a busy machine) becomes the new baseline instead of pushing
     * the budget down for good.
     */
    static final int BASELINE_SAMPLES = 10;
    /**
     * A queue growing at least this many seconds a second while the call starts (the link carries
     * under 70 % of what is sent) is cut at the heartbeat that shows it; a slower one is measured
     * better over a whole interval, and left to it.
     */
    static final double START_CUT_GROWTH = 0.4;
    /** Share of the budget the sender must have used for a clean interval to raise it. */
    private static final double USED = 0.8;
    /** Raise per clean interval far from the rate at which the link last pushed back. */
    private static final double FAST_INCREASE = 1.15;
    /** "Near" the last push back: from this share of its rate ... */
    private static final double NEAR_BELOW = 0.85;
    /** ... to this share. */
    private static final double NEAR_ABOVE = 1.2;
    /** A delay this much shorter than the one before shows a queue draining. */
    private static final long DRAINING_MICROS = 20_000;
    /** The lowest share of the budget paced while a queue drains. */
    private static final double MIN_DRAIN = 0.25;
    /** The smallest share of the budget one push back leaves. */
    private static final double MAX_CUT = 0.5;
    /**
     * Share of an interval the encoder may wait for the receiver (its flow-control window full) for
     * the interval to raise the budget: waiting longer, the frames were held by the link or the
     * receiver, not by the budget, and a larger budget would only make each of them larger.
     */
    static final double MAX_HELD_SHARE = 0.5;
    /** Margin of the picture choice, as a share of {@code minFps}. */
    private static final double HYSTERESIS = 0.15;

    private final QualityLadder ladder;
    private final double fps;
    private final double minFps;
    private final double maxDropRatio;
    private final long queueDelayMicros;
    private final int recoveryIntervals;
    private final int holdIntervals;
    private final double decrease;
    private final double increase;

    private final long[] delays = new long[BASELINE_SAMPLES];
    private int delayCount;
    /** The queue's delay on the way out at the last heartbeat (delay minus baseline), -1 before one. */
    private long queueMicros = -1;
    private int rung;
    private double frameBytes;
    private double budget;
    /** Share of the budget paced while a queue drains. */
    private double drain = 1;
    /** Climbing fast from a start budget, until the link first pushes back. */
    private boolean startup;
    private int cleanIntervals;
    private int hold;
    private double maxFps;
    /** The link's rate when it last pushed back, or 0 before. */
    private double knownRate;
    /** The lowest delay on the way out among the start's heartbeats, and when it was answered. */
    private long startLowest = LinkSample.NO_DELAY;
    private double startLowestAt;
    private long startLowestBytes;
    /** The queue the last start heartbeat showed over {@code queueDelay}, or -1 if it did not. */
    private long startQueueOver = -1;

    private AdaptiveQuality(Builder b) {
        this.ladder = new QualityLadder(b.maxQuality, b.minQuality, b.qualityStep, b.scales);
        this.fps = b.fps;
        this.minFps = b.minFps;
        this.maxDropRatio = b.maxDropRatio;
        this.queueDelayMicros = b.queueDelayMicros;
        this.recoveryIntervals = b.recoveryIntervals;
        this.holdIntervals = b.holdIntervals;
        this.decrease = b.decrease;
        this.increase = b.increase;
        // Until a frame is measured: JPEG at the top quality takes about 1.2 bits per pixel.
        this.frameBytes = b.pixels * 1.2 / 8;
        // No start budget: the best picture at every frame until the link pushes back.
        this.budget = b.startKbps > 0 ? b.startKbps * 1000 / 8.0 : Double.POSITIVE_INFINITY;
        this.startup = b.startKbps > 0;
        choose();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings to use now. */
    public EncodeSettings current() {
        QualityLadder.Rung r = ladder.get(rung);
        return new EncodeSettings(r.quality(), r.scale(), maxFps);
    }

    /**
     * True while the call starts: it has a start budget and the link has not pushed back yet. While
     * it does, each heartbeat can go to {@link #startHeartbeat} as it is answered.
     */
    public boolean starting() {
        return startup;
    }

    /**
     * A heartbeat answered while the call {@link #starting() starts}, between the once-an-interval
     * steps: a call that starts above its link's rate fills the link's queue by the link's rate
     * every second (1 Mbit/s into 500 kbit/s: half a second of queue a second), and an interval is
     * too long to wait for the first look at it. Its queue is its delay above the lowest of the
     * start's heartbeats; a queue over {@code queueDelay} on two heartbeats in a row, growing, and
     * by at least {@value #START_CUT_GROWTH} s a second since the lowest, is the first push back:
     * the budget is cut at once to what the link carries (what was offered since the lowest
     * heartbeat, or half the budget if that was less, less the queue's growth since, times
     * {@code decrease}, at most halved), the start ends, the next interval holds, and the lowest
     * delay stays in the baseline, so that the queue the start built shows (and is paced away)
     * until it has drained. One late heartbeat (a PING behind a large frame on a slow link) is not
     * enough, and a queue growing slower is left to the interval. Outside the start, or for a
     * heartbeat with no delay, nothing changes.
     *
     * @param atSeconds   when it was answered, in seconds from any fixed moment (the same for every call)
     * @param delayMicros its delay on the way out (plus the clocks' constant offset)
     * @param sentBytes   bytes of the frames offered to the connection so far, from any fixed count
     *                    (the same for every call)
     * @return the settings to use now
     */
    public EncodeSettings startHeartbeat(double atSeconds, long delayMicros, long sentBytes) {
        if (!startup || delayMicros == LinkSample.NO_DELAY) {
            return current();
        }
        if (startLowest == LinkSample.NO_DELAY || delayMicros <= startLowest) {
            startLowest = delayMicros;
            startLowestAt = atSeconds;
            startLowestBytes = sentBytes;
            startQueueOver = -1;
            return current();
        }
        long queue = delayMicros - startLowest;
        if (queue <= queueDelayMicros) {
            startQueueOver = -1;
            return current();
        }
        if (startQueueOver < 0 || queue <= startQueueOver) {
            startQueueOver = queue;
            return current();
        }
        // Sending at S while the queue grew by g seconds a second: the link takes S / (1 + g).
        double seconds = Math.max(0.1, atSeconds - startLowestAt);
        if (queue / 1e6 / seconds < START_CUT_GROWTH) {
            return current();
        }
        double offered = (sentBytes - startLowestBytes) / seconds;
        // Under half the budget offered (the encoder waited for the receiver's receipts, or a few
        // large frames went out in a burst) says little about the link: half the budget instead.
        double before = Math.max(offered, MAX_CUT * budget);
        knownRate = Math.max(MAX_CUT * before, linkRate(before, queue, seconds));
        budget = Math.max(minimumBudget(), Math.max(MAX_CUT * before, knownRate * decrease));
        endStart();
        cleanIntervals = 0;
        hold = holdIntervals;
        queueMicros = queue;
        drain = Math.max(MIN_DRAIN, 1 - queueMicros / 1e6);
        choose();
        return current();
    }

    /** The bytes per second the control allows now. */
    public double budgetBytesPerSecond() {
        return budget;
    }

    /** Takes one interval's numbers and returns the settings for the next interval. */
    public EncodeSettings update(LinkSample sample) {
        if (sample.offered() <= 0) {
            return current();
        }
        if (sample.meanFrameBytes() > 0) {
            frameBytes = sample.meanFrameBytes();
        }
        long previousQueue = queueMicros;
        boolean fresh = sample.delayMicros() != LinkSample.NO_DELAY;
        if (fresh) {
            queueMicros = sample.delayMicros() - baseline(sample.delayMicros());
        }
        if (sample.sent() <= 0) {
            stalled();
            return current();
        }
        double through = sample.sentBytesPerSecond();
        // A queue that shrank since the last heartbeat is draining: no cut, no raise, paced lower.
        boolean draining = fresh && previousQueue >= 0 && queueMicros < previousQueue - DRAINING_MICROS;
        if (hold > 0) {
            hold--;
            cleanIntervals = 0;
        } else if (isCongested(sample, fresh) && !draining) {
            endStart();
            cleanIntervals = 0;
            // What was sent at full pace (it may have been paced lower for a queue to drain).
            double before = Math.min(budget, through / drain);
            long growth = fresh ? queueMicros - Math.max(0, previousQueue) : 0;
            // At most halved in one step: a queue that grew a lot says little about by how much.
            knownRate = Math.max(MAX_CUT * before, linkRate(before, growth, sample.seconds()));
            budget = Math.max(minimumBudget(), Math.max(MAX_CUT * before, Math.min(before, knownRate) * decrease));
            hold = holdIntervals;
        } else if (!draining) {
            raise(fresh && !queueStands(), through, sample.heldShare() > MAX_HELD_SHARE);
        }
        // While a queue stands on the way out, frames go out slower than the budget so that it
        // drains within about a second.
        drain = queueStands() ? Math.max(MIN_DRAIN, 1 - queueMicros / 1e6) : 1;
        choose();
        return current();
    }

    /**
     * Nothing was sent: the link stalled. Its first interval halves the budget (unless a cut was just
     * taken, which holds), so that what the link queued drains behind smaller frames when the stall
     * ends; after that, nothing changes until frames are sent again, and the interval after the
     * stall, in which its queue drains, is held too. Without a budget yet there is no rate to halve.
     */
    private void stalled() {
        if (hold == 0 && Double.isFinite(budget)) {
            endStart();
            cleanIntervals = 0;
            budget = Math.max(minimumBudget(), MAX_CUT * budget);
            choose();
        }
        hold = Math.max(hold, 1);
    }

    /**
     * A clean interval: raises the budget if it limits the picture (or was used). Fast (by half at the
     * start, by 15 % later) when a fresh heartbeat shows no queue on the way out and the budget
     * is far from the rate at which the link last pushed back; slowly ({@code increase} every
     * {@code recoveryIntervals}) near it, where the next push back is expected, and only while the
     * last heartbeat showed no queue standing on the way out (more than half of {@code queueDelay}):
     * a queue that stands but is not yet congestion says the budget is at the link's rate already,
     * and raising it then (to a larger picture) filled the link's queue at the next step. Never while
     * the encoder waited for the receiver for more than {@link #MAX_HELD_SHARE} of the interval: the
     * budget did not limit those frames, and a larger one (a larger picture) only makes them larger.
     */
    private void raise(boolean noQueue, double through, boolean heldByReceiver) {
        cleanIntervals++;
        boolean limiting = !heldByReceiver && (rung > 0 || through >= USED * budget);
        boolean far = knownRate <= 0 || budget < NEAR_BELOW * knownRate || budget > NEAR_ABOVE * knownRate;
        if (limiting && noQueue && (startup || far)) {
            budget *= startup ? 1.5 : FAST_INCREASE;
            cleanIntervals = 0;
        } else if (limiting && !startup && !queueStands() && cleanIntervals >= recoveryIntervals) {
            budget *= increase;
            cleanIntervals = 0;
        }
        budget = Math.min(budget, maximumBudget());
    }

    /** The last heartbeat showed a queue standing on the way out: more than half of {@code queueDelay}. */
    private boolean queueStands() {
        return queueMicros > queueDelayMicros / 2;
    }

    /**
     * What the link carried: sending at S while the queue's delay grows by g seconds per second
     * means the link takes S / (1 + g). Without a growth to see (the queue was full, frames were
     * dropped) the socket took what the link carried: S itself.
     */
    private static double linkRate(double sent, long growthMicros, double seconds) {
        double growth = Math.max(0, growthMicros) / 1e6 / Math.max(0.1, seconds);
        return sent / (1 + growth);
    }

    /** True if the sample shows a way out that cannot keep up. */
    private boolean isCongested(LinkSample sample, boolean freshDelay) {
        double dropRatio = (double) sample.dropped() / Math.max(1, sample.offered());
        return dropRatio > maxDropRatio || (freshDelay && queueMicros > queueDelayMicros);
    }

    /**
     * Adds a delay sample and returns the lowest of the recent ones. While the call starts, the
     * lowest of the start's heartbeats counts too: an interval's heartbeat can already meet the
     * queue the start is building, and measured against itself it would show none.
     */
    private long baseline(long delay) {
        delays[delayCount++ % BASELINE_SAMPLES] = delay;
        int n = Math.min(delayCount, BASELINE_SAMPLES);
        long lowest = Arrays.stream(delays, 0, n).min().getAsLong();
        return startup && startLowest != LinkSample.NO_DELAY ? Math.min(lowest, startLowest) : lowest;
    }

    /**
     * The start is over (the link pushed back, or stalled): the lowest of its heartbeats joins the
     * recent delays, so that the queue it built shows (and is paced away) until it has drained.
     */
    private void endStart() {
        if (startup && startLowest != LinkSample.NO_DELAY) {
            delays[delayCount++ % BASELINE_SAMPLES] = startLowest;
        }
        startup = false;
    }

    /**
     * Takes the best rung that fits the budget at {@code minFps}, and paces to the budget. With a
     * margin on the way up ({@value #HYSTERESIS}), so that small changes of the budget do not switch
     * the picture back and forth: a larger picture must fit at that much more than {@code minFps}.
     * The current one is kept only while it fits at {@code minFps} itself: keeping it below that
     * (it was kept down to 15 % less) held 2 Mbit/s relay calls at 17-19 fps for seconds where a
     * slightly smaller picture would have kept 20.
     */
    private void choose() {
        int at = rung;
        int pick = ladder.size() - 1;
        for (int i = 0; i < ladder.size(); i++) {
            double need = ladder.predict(i, at, frameBytes) * minFps;
            if (need * (i < at ? 1 + HYSTERESIS : 1) <= budget) {
                pick = i;
                break;
            }
        }
        if (pick != at) {
            frameBytes = ladder.predict(pick, at, frameBytes);
            rung = pick;
        }
        double rate = budget * drain / frameBytes;
        maxFps = rate >= fps ? 0 : Math.max(1, rate);
    }

    /** The budget that the top rung needs at the full frame rate, with room to spare: no use going higher. */
    private double maximumBudget() {
        return 1.5 * ladder.predict(0, rung, frameBytes) * fps;
    }

    /** The lowest rung at one frame a second. */
    private double minimumBudget() {
        return ladder.predict(ladder.size() - 1, rung, frameBytes);
    }

    /** Bounds and thresholds of an {@link AdaptiveQuality}; every value is checked when set. */
    public static final class Builder {
        private int maxQuality = 90;
        private int minQuality = 30;
        private int qualityStep = 15;
        private double[] scales = {1.0, 0.75, 0.5, 0.25};
        private double fps = 30;
        private double minFps = 20;
        private long pixels = 640 * 480;
        private long startKbps;
        private double maxDropRatio = 0.1;
        private long queueDelayMicros = 60_000;
        private int recoveryIntervals = 2;
        private int holdIntervals = 1;
        private double decrease = 0.85;
        private double increase = 1.1;

        private Builder() {
        }

        /** The best quality, where a call starts and climbs back to (default 90, as in the lecture). */
        public Builder maxQuality(int value) {
            this.maxQuality = quality("maxQuality", value);
            return this;
        }

        /** The lowest quality at each picture size (default 30). */
        public Builder minQuality(int value) {
            this.minQuality = quality("minQuality", value);
            return this;
        }

        /** Quality between two rungs of the ladder (default 15). */
        public Builder qualityStep(int value) {
            this.qualityStep = positive("qualityStep", value);
            return this;
        }

        /** The scale ladder, starting at 1.0 and decreasing (default 1, 0.75, 0.5, 0.25). */
        public Builder scales(double... values) {
            if (values.length == 0 || values[0] != 1.0) {
                throw new IllegalArgumentException("scales: " + Arrays.toString(values) + " (expected: starting at 1.0)");
            }
            for (int i = 1; i < values.length; i++) {
                if (!(values[i] > 0 && values[i] < values[i - 1])) {
                    throw new IllegalArgumentException("scales: " + Arrays.toString(values)
                            + " (expected: decreasing, each > 0)");
                }
            }
            this.scales = values.clone();
            return this;
        }

        /** The capture rate: frames are never paced above it (default 30). */
        public Builder fps(double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("fps: " + value + " (expected: > 0)");
            }
            this.fps = value;
            return this;
        }

        /**
         * The frame rate the picture is chosen for (default 20): the best picture that fits the budget
         * this many times a second; below the ladder's last rung the rate drops instead.
         */
        public Builder minFps(double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("minFps: " + value + " (expected: > 0)");
            }
            this.minFps = value;
            return this;
        }

        /** Width x height of the pictures, for the size of a frame before one is measured (default 640x480). */
        public Builder pictureSize(int width, int height) {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("pictureSize: " + width + "x" + height + " (expected: > 0 each)");
            }
            this.pixels = (long) width * height;
            return this;
        }

        /**
         * A budget to start with, in kilobits per second, climbing by half each interval while the
         * round trip shows no queue (default 0: no budget, the best picture at every frame until the
         * link pushes back).
         */
        public Builder startKbps(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("startKbps: " + value + " (expected: >= 0, 0 = none)");
            }
            this.startKbps = value;
            return this;
        }

        /** Share of dropped frames above which the path counts as congested (default 0.1). */
        public Builder maxDropRatio(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("maxDropRatio: " + value + " (expected: 0 <= value < 1)");
            }
            this.maxDropRatio = value;
            return this;
        }

        /** Queue delay on the way out (above the recent lowest delay) that counts as congestion (default 60 ms). */
        public Builder queueDelayMicros(long value) {
            this.queueDelayMicros = positive("queueDelayMicros", value);
            return this;
        }

        /** Clean intervals in a row before the budget is raised, once past the start (default 2). */
        public Builder recoveryIntervals(int value) {
            this.recoveryIntervals = positive("recoveryIntervals", value);
            return this;
        }

        /** Intervals after a decrease in which nothing else changes and the queue drains (default 1). */
        public Builder holdIntervals(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("holdIntervals: " + value + " (expected: >= 0)");
            }
            this.holdIntervals = value;
            return this;
        }

        /** Budget after congestion, as a share of what got through (default 0.85). */
        public Builder decrease(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("decrease: " + value + " (expected: 0 < value < 1)");
            }
            this.decrease = value;
            return this;
        }

        /** Factor of each raise once past the start (default 1.1). */
        public Builder increase(double value) {
            if (!(value > 1 && value <= 2)) {
                throw new IllegalArgumentException("increase: " + value + " (expected: 1 < value <= 2)");
            }
            this.increase = value;
            return this;
        }

        public AdaptiveQuality build() {
            if (minQuality > maxQuality) {
                throw new IllegalArgumentException("minQuality: " + minQuality + " (expected: <= maxQuality "
                        + maxQuality + ")");
            }
            return new AdaptiveQuality(this);
        }

        private static int quality(String name, int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: 1..100)");
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
