package dev.duplex.video.codec;

import java.util.Locale;

/**
 * How frames are compressed right now: JPEG quality and the scale applied before encoding.
 *
 * @param quality JPEG quality (expected: 1..100; the lecture used 90)
 * @param scale   picture scale before encoding (expected: 0 &lt; scale &lt;= 1)
 */
public record EncodeSettings(int quality, double scale) {
    public EncodeSettings {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality: " + quality + " (expected: 1..100)");
        }
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale: " + scale + " (expected: 0 < scale <= 1)");
        }
    }

    /** "JPEG q90 · 100%". */
    public String describe() {
        return String.format(Locale.ROOT, "JPEG q%d \u00b7 %d%%", quality, Math.round(scale * 100));
    }
}
