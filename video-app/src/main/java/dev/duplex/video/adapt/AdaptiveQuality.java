package dev.duplex.video.adapt;

import dev.duplex.video.codec.EncodeSettings;
import java.util.Arrays;

/**
 * Chooses JPEG quality and picture scale from what the link did, once per interval. A pure state
 * machine (no clock, no threads) so that its rules are tested directly.
 * <ul>
 *   <li><b>Congested</b> when more than {@code maxDropRatio} of the offered frames were dropped, or
 *       the RTT is above {@code rttCeiling}, or more than {@code rttRise} above the lowest RTT seen.
 *       Then it steps down: quality first (by {@code qualityStepDown}, to {@code minQuality}),
 *       then the scale (down the ladder), and holds for {@code holdIntervals} so the change can
 *       show before judging again.</li>
 *   <li><b>Recovered</b> after {@code recoveryIntervals} clean intervals in a row: it steps up in
 *       the reverse order: scale first, then quality (by {@code qualityStepUp}, to the maximum).</li>
 *   <li>An interval with nothing offered (no peer) carries no information and changes nothing.</li>
 * </ul>
 */
public final class AdaptiveQuality {
    private final int maxQuality;
    private final int minQuality;
    private final int qualityStepDown;
    private final int qualityStepUp;
    private final double[] scales;
    private final double maxDropRatio;
    private final long rttCeilingMicros;
    private final long rttRiseMicros;
    private final int recoveryIntervals;
    private final int holdIntervals;

    private int quality;
    private int scaleIndex;
    private long baselineRttMicros = -1;
    private int cleanIntervals;
    private int hold;

    private AdaptiveQuality(Builder b) {
        this.maxQuality = b.maxQuality;
        this.minQuality = b.minQuality;
        this.qualityStepDown = b.qualityStepDown;
        this.qualityStepUp = b.qualityStepUp;
        this.scales = b.scales.clone();
        this.maxDropRatio = b.maxDropRatio;
        this.rttCeilingMicros = b.rttCeilingMicros;
        this.rttRiseMicros = b.rttRiseMicros;
        this.recoveryIntervals = b.recoveryIntervals;
        this.holdIntervals = b.holdIntervals;
        this.quality = maxQuality;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings to use now. */
    public EncodeSettings current() {
        return new EncodeSettings(quality, scales[scaleIndex]);
    }

    /** Takes one interval's numbers and returns the settings for the next interval. */
    public EncodeSettings update(LinkSample sample) {
        if (sample.offered() <= 0) {
            return current();
        }
        boolean congested = isCongested(sample);
        if (sample.rttMicros() >= 0) {
            baselineRttMicros = baselineRttMicros < 0 ? sample.rttMicros()
                    : Math.min(baselineRttMicros, sample.rttMicros());
        }
        if (hold > 0) {
            hold--;
            cleanIntervals = 0;
            return current();
        }
        if (congested) {
            cleanIntervals = 0;
            if (stepDown()) {
                hold = holdIntervals;
            }
        } else if (++cleanIntervals >= recoveryIntervals) {
            cleanIntervals = 0;
            stepUp();
        }
        return current();
    }

    /** True if the sample shows a path that cannot keep up. */
    boolean isCongested(LinkSample sample) {
        double dropRatio = (double) sample.dropped() / Math.max(1, sample.offered());
        if (dropRatio > maxDropRatio) {
            return true;
        }
        long rtt = sample.rttMicros();
        if (rtt < 0) {
            return false;
        }
        return rtt > rttCeilingMicros || (baselineRttMicros >= 0 && rtt - baselineRttMicros > rttRiseMicros);
    }

    private boolean stepDown() {
        if (quality > minQuality) {
            quality = Math.max(minQuality, quality - qualityStepDown);
            return true;
        }
        if (scaleIndex < scales.length - 1) {
            scaleIndex++;
            return true;
        }
        return false;
    }

    private boolean stepUp() {
        if (scaleIndex > 0) {
            scaleIndex--;
            return true;
        }
        if (quality < maxQuality) {
            quality = Math.min(maxQuality, quality + qualityStepUp);
            return true;
        }
        return false;
    }

    /** Bounds and thresholds of an {@link AdaptiveQuality}; every value is checked when set. */
    public static final class Builder {
        private int maxQuality = 90;
        private int minQuality = 30;
        private int qualityStepDown = 15;
        private int qualityStepUp = 5;
        private double[] scales = {1.0, 0.75, 0.5, 0.25};
        private double maxDropRatio = 0.1;
        private long rttCeilingMicros = 400_000;
        private long rttRiseMicros = 150_000;
        private int recoveryIntervals = 3;
        private int holdIntervals = 1;

        private Builder() {
        }

        /** Quality at the start and the most it climbs back to (default 90, as in the lecture). */
        public Builder maxQuality(int value) {
            this.maxQuality = quality("maxQuality", value);
            return this;
        }

        /** The lowest quality before the scale is reduced (default 30). */
        public Builder minQuality(int value) {
            this.minQuality = quality("minQuality", value);
            return this;
        }

        /** Quality removed per congested interval (default 15). */
        public Builder qualityStepDown(int value) {
            this.qualityStepDown = positive("qualityStepDown", value);
            return this;
        }

        /** Quality added per recovery step (default 5). */
        public Builder qualityStepUp(int value) {
            this.qualityStepUp = positive("qualityStepUp", value);
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

        /** Share of dropped frames above which the path counts as congested (default 0.1). */
        public Builder maxDropRatio(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("maxDropRatio: " + value + " (expected: 0 <= value < 1)");
            }
            this.maxDropRatio = value;
            return this;
        }

        /** RTT above which the path counts as congested (default 400 ms). */
        public Builder rttCeilingMicros(long value) {
            this.rttCeilingMicros = positive("rttCeilingMicros", value);
            return this;
        }

        /** RTT rise above the lowest seen that counts as congestion (default 150 ms). */
        public Builder rttRiseMicros(long value) {
            this.rttRiseMicros = positive("rttRiseMicros", value);
            return this;
        }

        /** Clean intervals in a row before stepping up (default 3). */
        public Builder recoveryIntervals(int value) {
            this.recoveryIntervals = positive("recoveryIntervals", value);
            return this;
        }

        /** Intervals ignored after a step down (default 1). */
        public Builder holdIntervals(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("holdIntervals: " + value + " (expected: >= 0)");
            }
            this.holdIntervals = value;
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
