package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.transport.Clock;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pictures held back until their sender's voice has caught up, and only then. */
class InStepDisplayTest {
    private final List<Long> shownAtMicros = new CopyOnWriteArrayList<>();
    private final List<Long> shownSequences = new CopyOnWriteArrayList<>();
    private final DisplaySink display = frame -> {
        shownAtMicros.add(Clock.nowMicros() - frame.captureMicros());
        shownSequences.add(frame.sequence());
    };
    private final Map<String, Long> voiceDelay = new ConcurrentHashMap<>();

    private static DecodedFrame frame(String sender, long sequence, long ageMicros) {
        long now = Clock.nowMicros();
        return new DecodedFrame(sender, sequence, now - ageMicros, now, now, new BufferedImage(2, 2,
                BufferedImage.TYPE_3BYTE_BGR), 2, 2, 10);
    }

    @Test
    void aPictureAheadOfItsSendersVoiceWaitsForIt() {
        voiceDelay.put("bob", 150_000L); // bob's voice is heard 150 ms after capture
        try (InStepDisplay inStep = new InStepDisplay(display, s -> voiceDelay.getOrDefault(s, -1L))) {
            inStep.showRemote(frame("bob", 1, 10_000)); // decoded 10 ms after capture
            assertThat(shownSequences).as("held, not shown at once").isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> shownSequences.size() == 1);
            // Shown with the voice, give or take the frame's worth it may be early.
            assertThat(shownAtMicros.get(0)).isGreaterThanOrEqualTo(150_000L - InStepDisplay.EARLY_MICROS);
        }
    }

    @Test
    void aPictureOfASilentSenderOrBehindTheVoiceIsShownAtOnce() {
        voiceDelay.put("bob", 60_000L);
        try (InStepDisplay inStep = new InStepDisplay(display, s -> voiceDelay.getOrDefault(s, -1L))) {
            inStep.showRemote(frame("carol", 1, 5_000)); // carol is not talking
            inStep.showRemote(frame("bob", 1, 90_000)); // later than bob's voice already
            assertThat(shownSequences).containsExactly(1L, 1L);
        }
    }

    @Test
    void neverHoldsLongerThanTheBoundNorMoreThanItsCountAndNeverShowsAnOlderPictureAfterANewer() {
        voiceDelay.put("bob", 10_000_000L); // a voice ten seconds behind (a stuck sender)
        try (InStepDisplay inStep = new InStepDisplay(display, s -> voiceDelay.getOrDefault(s, -1L))) {
            for (long seq = 1; seq <= InStepDisplay.MAX_HELD_PER_SENDER + 2; seq++) {
                inStep.showRemote(frame("bob", seq, 0));
            }
            // Beyond the count, pictures go at once; the held older ones are then given back unshown.
            long first = InStepDisplay.MAX_HELD_PER_SENDER + 1;
            assertThat(shownSequences).containsExactly(first, first + 1);
            assertThat(inStep.held()).isEqualTo(InStepDisplay.MAX_HELD_PER_SENDER);
            await().atMost(Duration.ofMillis(InStepDisplay.MAX_HOLD_MILLIS + 5_000)).until(() -> inStep.held() == 0);
            assertThat(shownSequences).containsExactly(first, first + 1);
            assertThat(shownSequences).isSorted();
        }
    }
}
