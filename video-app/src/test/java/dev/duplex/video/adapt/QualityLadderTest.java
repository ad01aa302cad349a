package dev.duplex.video.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.duplex.video.codec.EncodeSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityLadderTest {

    /** The ladder's size of {@code s} relative to q90 at full size. */
    static double relative(EncodeSettings s) {
        return QualityLadder.qualityFactor(s.quality()) * Math.pow(s.scale(), 1.4) / QualityLadder.qualityFactor(90);
    }

    @Test
    void defaultLadderGoesDownInQualityFirstThenInSizeEveryRungSmallerThanTheOneBefore() {
        QualityLadder ladder = new QualityLadder(90, 30, 15, new double[] {1.0, 0.75, 0.5, 0.25});
        List<String> rungs = new ArrayList<>();
        for (int i = 0; i < ladder.size(); i++) {
            QualityLadder.Rung r = ladder.get(i);
            rungs.add("q" + r.quality() + "@" + r.scale());
            if (i > 0) {
                assertThat(r.relativeBytes()).as(rungs.toString()).isLessThan(ladder.get(i - 1).relativeBytes());
            }
        }
        assertThat(rungs).containsExactly("q90@1.0", "q75@1.0", "q60@1.0", "q45@1.0", "q30@1.0",
                "q60@0.75", "q45@0.75", "q30@0.75", "q60@0.5", "q45@0.5", "q30@0.5", "q60@0.25", "q45@0.25",
                "q30@0.25");
        assertThat(ladder.get(0).relativeBytes()).isEqualTo(1.0);
    }

    @Test
    void predictsOtherRungsFromTheSizeMeasuredAtOne() {
        QualityLadder ladder = new QualityLadder(90, 30, 15, new double[] {1.0, 0.5});
        // q90 measured at 40 KB: half the size at q60 takes 0.59 * 0.5^1.4 of it.
        int halfQ60 = 5;
        assertThat(ladder.get(halfQ60).quality()).isEqualTo(60);
        assertThat(ladder.predict(halfQ60, 0, 40_000)).isCloseTo(40_000 * 0.59 * Math.pow(0.5, 1.4), within(1.0));
        assertThat(ladder.predict(0, halfQ60, 9_000)).isCloseTo(9_000 / (0.59 * Math.pow(0.5, 1.4)), within(1.0));
    }

    @Test
    void qualityFactorFollowsJpegsCurve() {
        assertThat(QualityLadder.qualityFactor(90)).isEqualTo(1.0);
        assertThat(QualityLadder.qualityFactor(30)).isEqualTo(0.42);
        assertThat(QualityLadder.qualityFactor(35)).isCloseTo(0.45, within(1e-9));
        assertThat(QualityLadder.qualityFactor(5)).as("clamped").isEqualTo(0.27);
    }
}
