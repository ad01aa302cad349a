package dev.duplex.video.codec;

import java.util.Locale;

/**
 * How frames are compressed right now: JPEG quality, the scale applied before encoding, and the
 * most frames per second to encode (the adaptive control paces frames to the link's rate).
 *
 * @param quality JPEG quality (expected: 1..100; the lecture used 90)
 * @param scale   picture scale before encoding (expected: 0 &lt; scale &lt;= 1)
 * @param maxFps  most frames encoded per second, or 0 for as many as are captured (expected: &gt;= 0)
 */
public record EncodeSettings(int quality, double scale, double maxFps) {
    public EncodeSettings {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality: " + quality + " (expected: 1..100)");
        }
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale: " + scale + " (expected: 0 < scale <= 1)");
        }
        if (!(maxFps >= 0)) {
            throw new IllegalArgumentException("maxFps: " + maxFps + " (expected: >= 0, 0 = no limit)");
        }
    }

    /** Every captured frame encoded. */
    public EncodeSettings(int quality, double scale) {
        this(quality, scale, 0);
    }

    /** "JPEG q90 · 100%", and "· 12 fps" when paced. */
    public String describe() {
        String base = String.format(Locale.ROOT, "JPEG q%d \u00b7 %d%%", quality, Math.round(scale * 100));
        return maxFps > 0 ? base + String.format(Locale.ROOT, " \u00b7 %.0f fps", maxFps) : base;
    }
}
