package dev.duplex.video.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.video.codec.EncodeSettings;
import org.junit.jupiter.api.Test;

class AdaptiveQualityTest {
    private static final LinkSample CLEAN = new LinkSample(30, 0, 2_000);
    private static final LinkSample DROPPING = new LinkSample(30, 10, 2_000);

    private final AdaptiveQuality control = AdaptiveQuality.builder().maxQuality(90).minQuality(30)
            .qualityStepDown(20).qualityStepUp(10).scales(1.0, 0.5).recoveryIntervals(2).holdIntervals(0).build();

    @Test
    void startsAtTheConfiguredQualityAndFullSize() {
        assertThat(control.current()).isEqualTo(new EncodeSettings(90, 1.0));
    }

    @Test
    void staysAtTheTopOnACleanLink() {
        for (int i = 0; i < 20; i++) {
            assertThat(control.update(CLEAN)).isEqualTo(new EncodeSettings(90, 1.0));
        }
    }

    @Test
    void dropsLowerQualityFirstThenScaleAndStopAtTheBottom() {
        assertThat(control.update(DROPPING)).isEqualTo(new EncodeSettings(70, 1.0));
        assertThat(control.update(DROPPING)).isEqualTo(new EncodeSettings(50, 1.0));
        assertThat(control.update(DROPPING)).isEqualTo(new EncodeSettings(30, 1.0));
        assertThat(control.update(DROPPING)).isEqualTo(new EncodeSettings(30, 0.5));
        assertThat(control.update(DROPPING)).isEqualTo(new EncodeSettings(30, 0.5));
    }

    @Test
    void recoversScaleFirstThenQualityAfterCleanIntervals() {
        for (int i = 0; i < 5; i++) {
            control.update(DROPPING);
        }
        assertThat(control.current()).isEqualTo(new EncodeSettings(30, 0.5));

        assertThat(control.update(CLEAN)).isEqualTo(new EncodeSettings(30, 0.5));
        assertThat(control.update(CLEAN)).isEqualTo(new EncodeSettings(30, 1.0));
        control.update(CLEAN);
        assertThat(control.update(CLEAN)).isEqualTo(new EncodeSettings(40, 1.0));
        for (int i = 0; i < 20; i++) {
            control.update(CLEAN);
        }
        assertThat(control.current()).isEqualTo(new EncodeSettings(90, 1.0));
    }

    @Test
    void aCongestedIntervalRestartsTheRecoveryCount() {
        control.update(DROPPING);
        control.update(CLEAN);
        control.update(DROPPING);
        assertThat(control.update(CLEAN)).isEqualTo(new EncodeSettings(50, 1.0));
        assertThat(control.update(CLEAN)).isEqualTo(new EncodeSettings(60, 1.0));
    }

    @Test
    void risingRttCountsAsCongestionEvenWithoutDrops() {
        control.update(new LinkSample(30, 0, 5_000));
        assertThat(control.update(new LinkSample(30, 0, 40_000))).isEqualTo(new EncodeSettings(90, 1.0));
        assertThat(control.update(new LinkSample(30, 0, 300_000))).isEqualTo(new EncodeSettings(70, 1.0));
    }

    @Test
    void rttAboveTheCeilingCountsAsCongestion() {
        AdaptiveQuality c = AdaptiveQuality.builder().rttCeilingMicros(100_000).rttRiseMicros(1_000_000).build();
        assertThat(c.update(new LinkSample(30, 0, 150_000)).quality()).isLessThan(90);
    }

    @Test
    void anIntervalWithNothingOfferedChangesNothing() {
        control.update(DROPPING);
        for (int i = 0; i < 10; i++) {
            assertThat(control.update(new LinkSample(0, 0, -1))).isEqualTo(new EncodeSettings(70, 1.0));
        }
    }

    @Test
    void holdsAfterAStepDownSoTheChangeCanShow() {
        AdaptiveQuality c = AdaptiveQuality.builder().maxQuality(90).qualityStepDown(10).holdIntervals(2).build();
        assertThat(c.update(DROPPING).quality()).isEqualTo(80);
        assertThat(c.update(DROPPING).quality()).isEqualTo(80);
        assertThat(c.update(DROPPING).quality()).isEqualTo(80);
        assertThat(c.update(DROPPING).quality()).isEqualTo(70);
    }

    @Test
    void smallDropRatioIsTolerated() {
        assertThat(control.update(new LinkSample(100, 8, 1_000))).isEqualTo(new EncodeSettings(90, 1.0));
        assertThat(control.update(new LinkSample(100, 11, 1_000))).isEqualTo(new EncodeSettings(70, 1.0));
    }

    @Test
    void builderNamesTheBadValue() {
        assertThatThrownBy(() -> AdaptiveQuality.builder().maxQuality(101))
                .hasMessage("maxQuality: 101 (expected: 1..100)");
        assertThatThrownBy(() -> AdaptiveQuality.builder().maxQuality(40).minQuality(50).build())
                .hasMessage("minQuality: 50 (expected: <= maxQuality 40)");
        assertThatThrownBy(() -> AdaptiveQuality.builder().scales(0.5, 0.25))
                .hasMessageStartingWith("scales: [0.5, 0.25]");
    }
}
