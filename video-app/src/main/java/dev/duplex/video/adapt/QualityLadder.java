package dev.duplex.video.adapt;

import java.util.ArrayList;
import java.util.List;

/**
 * The pictures {@link AdaptiveQuality} chooses from, best (largest) first: every quality from the
 * highest down to the lowest at full size, then at each smaller scale the qualities from a little
 * above the lowest (a smaller picture at good quality looks better than a larger one full of
 * blocks). With the defaults: q90, 75, 60, 45, 30 at 100 %, then q60, 45, 30 at 75 %, 50 % and 25 %.
 * Sizes are predicted relative to the rung measured last, with JPEG's usual shape: bytes grow
 * with the pixels to the power 0.7 (scale^1.4) and with quality as {@link #qualityFactor}.
 */
final class QualityLadder {
    /** One picture: quality, scale and its size relative to the top rung. */
    record Rung(int quality, double scale, double relativeBytes) {
    }

    /** Bytes relative to q90 at the same size, for quality 10, 20, ... 100 (measured on camera-like and synthetic pictures). */
    private static final double[] QUALITY_FACTOR = {0.27, 0.35, 0.42, 0.48, 0.54, 0.59, 0.66, 0.78, 1.0, 1.6};

    private final List<Rung> rungs;

    QualityLadder(int maxQuality, int minQuality, int qualityStep, double[] scales) {
        List<Rung> list = new ArrayList<>();
        double top = relative(maxQuality, 1.0);
        for (int i = 0; i < scales.length; i++) {
            int first = i == 0 ? maxQuality : Math.min(maxQuality, minQuality + 2 * qualityStep);
            for (int q = first; ; q -= qualityStep) {
                int quality = Math.max(minQuality, q);
                list.add(new Rung(quality, scales[i], relative(quality, scales[i]) / top));
                if (quality == minQuality) {
                    break;
                }
            }
        }
        this.rungs = List.copyOf(list);
    }

    int size() {
        return rungs.size();
    }

    Rung get(int index) {
        return rungs.get(index);
    }

    /** The bytes of rung {@code index}, from {@code measured} bytes per frame at rung {@code at}. */
    double predict(int index, int at, double measured) {
        return measured * rungs.get(index).relativeBytes() / rungs.get(at).relativeBytes();
    }

    /** JPEG bytes relative to q90, interpolated over {@link #QUALITY_FACTOR}. */
    static double qualityFactor(int quality) {
        double x = Math.max(10, Math.min(100, quality)) / 10.0 - 1;
        int i = Math.min(QUALITY_FACTOR.length - 2, (int) x);
        return QUALITY_FACTOR[i] + (x - i) * (QUALITY_FACTOR[i + 1] - QUALITY_FACTOR[i]);
    }

    private static double relative(int quality, double scale) {
        return qualityFactor(quality) * Math.pow(scale, 1.4);
    }
}
