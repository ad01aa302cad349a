package dev.duplex.video.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.session.AudioMessage;
import dev.duplex.video.audio.JitterBuffer.Action;
import dev.duplex.video.audio.JitterBuffer.Slot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jitter buffer, slot by slot (no clock: each poll is one 20 ms slot). */
class JitterBufferTest {

    /** Packet {@code sequence}, arriving 0.5 ms after its capture (a steady network). */
    private static AudioMessage packet(long sequence) {
        return packet(sequence, 500);
    }

    private static AudioMessage packet(long sequence, long transitMicros) {
        long captured = sequence * Pcm.FRAME_MICROS;
        return new AudioMessage("bob", sequence, captured, new byte[] {(byte) sequence}, captured + transitMicros);
    }

    /** "P5" played packet 5, "R7" rebuilt a slot from packet 7's FEC, "C" concealed, "-" silence. */
    private static String describe(Slot slot) {
        return switch (slot.action()) {
            case PLAY -> "P" + slot.packet().sequence();
            case RECOVER -> "R" + slot.packet().sequence();
            case CONCEAL -> "C";
            case SILENCE -> "-";
        };
    }

    private static List<String> poll(JitterBuffer buffer, int slots) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            out.add(describe(buffer.poll()));
        }
        return out;
    }

    @Test
    void waitsForItsTargetThenPlaysInSequenceWhateverTheArrivalOrder() {
        JitterBuffer buffer = new JitterBuffer();
        buffer.offer(packet(11));
        assertThat(poll(buffer, 1)).containsExactly("-");
        buffer.offer(packet(10));
        assertThat(poll(buffer, 1)).as("two of the three frames of the starting target").containsExactly("-");
        buffer.offer(packet(12));
        buffer.offer(packet(13));
        assertThat(poll(buffer, 4)).containsExactly("P10", "P11", "P12", "P13");
        assertThat(buffer.played()).isEqualTo(4);
        assertThat(buffer.targetMillis()).isEqualTo(60);
    }

    @Test
    void aLostPacketIsRebuiltFromTheNextOneOrConcealedAndCounted() {
        JitterBuffer buffer = new JitterBuffer();
        for (long seq : new long[] {1, 2, 3, 5, 6, 9, 10}) {
            buffer.offer(packet(seq));
        }
        assertThat(poll(buffer, 10)).containsExactly("P1", "P2", "P3", "R5", "P5", "P6", "C", "R9", "P9", "P10");
        assertThat(buffer.concealed()).isEqualTo(3);
    }

    @Test
    void aPacketAfterItsSlotIsDroppedAsLateAndTheTargetGoesUp() {
        JitterBuffer buffer = new JitterBuffer();
        for (long seq = 1; seq <= 4; seq++) {
            buffer.offer(packet(seq));
        }
        assertThat(poll(buffer, 4)).containsExactly("P1", "P2", "P3", "P4");
        buffer.offer(packet(6));
        assertThat(poll(buffer, 1)).as("5 is missing, 6 is here").containsExactly("R6");
        buffer.offer(packet(5));
        assertThat(buffer.late()).isEqualTo(1);
        assertThat(poll(buffer, 1)).containsExactly("P6");
        assertThat(buffer.targetMillis()).isEqualTo(80);
    }

    @Test
    void neverHoldsMoreThanItsMaximumTheOldestGiveWay() {
        JitterBuffer buffer = new JitterBuffer(10);
        for (long seq = 1; seq <= 30; seq++) {
            buffer.offer(packet(seq));
            assertThat(buffer.depthMillis()).isLessThanOrEqualTo(200);
        }
        assertThat(buffer.skipped()).isEqualTo(20);
        assertThat(poll(buffer, 1)).containsExactly("P21");
    }

    @Test
    void aSequenceThatJumpsFarAheadCostsOneStepNotOnePerMissingNumber() {
        JitterBuffer buffer = new JitterBuffer(10);
        buffer.offer(packet(1));
        buffer.offer(packet(2));
        buffer.offer(packet(1L << 50)); // a broken or hostile sender
        assertThat(buffer.depthMillis()).isLessThanOrEqualTo(200);
        assertThat(buffer.skipped()).isEqualTo(2);
        buffer.offer(packet((1L << 50) + 1));
        buffer.offer(packet((1L << 50) + 2));
        List<String> slots = poll(buffer, 12);
        assertThat(slots).contains("P" + (1L << 50), "P" + ((1L << 50) + 2));
    }

    @Test
    void aBurstBeyondTheTargetIsTrimmedToKeepTheDelayDown() {
        JitterBuffer buffer = new JitterBuffer(10);
        long seq = 1;
        for (; seq <= 8; seq++) {
            buffer.offer(packet(seq)); // a burst: 160 ms at once
        }
        int slots = 0;
        while (buffer.depthMillis() > buffer.targetMillis() + 20 && slots < 200) {
            buffer.offer(packet(seq++)); // then one packet per slot, as the sender speaks
            buffer.poll();
            slots++;
        }
        assertThat(buffer.skipped()).isPositive();
        assertThat(buffer.depthMillis()).isLessThanOrEqualTo(buffer.targetMillis() + 20);
        assertThat(slots).isLessThan(200);
    }

    @Test
    void whenTheVoiceStopsItIsConcealedBrieflyThenSilentUncountedAndANewSpurtWaitsForItsTargetAgain() {
        JitterBuffer buffer = new JitterBuffer();
        for (long seq = 1; seq <= 3; seq++) {
            buffer.offer(packet(seq));
        }
        List<String> slots = poll(buffer, 3 + JitterBuffer.MAX_CONCEAL_FRAMES + 2);
        assertThat(slots).containsExactly("P1", "P2", "P3", "C", "C", "C", "C", "C", "-", "-");
        assertThat(buffer.concealed()).as("nothing was lost: the sender stopped").isZero();
        assertThat(buffer.playing()).isFalse();

        buffer.offer(packet(50)); // muted for a while, then talking again
        buffer.offer(packet(51));
        assertThat(poll(buffer, 1)).containsExactly("-");
        buffer.offer(packet(52));
        assertThat(poll(buffer, 3)).containsExactly("P50", "P51", "P52");
        assertThat(buffer.late()).isZero();
    }

    @Test
    void aPauseThatEndsWithinTheConcealmentIsCountedAsLoss() {
        JitterBuffer buffer = new JitterBuffer();
        for (long seq = 1; seq <= 3; seq++) {
            buffer.offer(packet(seq));
        }
        assertThat(poll(buffer, 5)).containsExactly("P1", "P2", "P3", "C", "C");
        buffer.offer(packet(6));
        assertThat(poll(buffer, 1)).containsExactly("P6");
        assertThat(buffer.concealed()).isEqualTo(2);
    }

    @Test
    void theTargetFollowsTheJitterOfArrivalsUpAndDownAgain() {
        JitterBuffer buffer = new JitterBuffer();
        long seq = 1;
        for (; seq <= 3; seq++) {
            buffer.offer(packet(seq));
        }
        // Every fourth packet 70 ms late (a busy sender or network): about 80-100 ms are needed.
        for (int slot = 0; slot < 150; slot++, seq++) {
            buffer.offer(packet(seq, seq % 4 == 0 ? 70_000 : 500));
            buffer.poll();
        }
        assertThat(buffer.targetMillis()).isBetween(80, 120);
        // Steady again: after two seconds of it (the estimate's window) the target is back at 40 ms.
        for (int slot = 0; slot < 150; slot++, seq++) {
            buffer.offer(packet(seq));
            buffer.poll();
        }
        assertThat(buffer.targetMillis()).isEqualTo(40);
    }

    @Test
    void theTargetComesDownToFortyMillisecondsWhenNothingIsLate() {
        JitterBuffer buffer = new JitterBuffer();
        long seq = 1;
        for (; seq <= 3; seq++) {
            buffer.offer(packet(seq));
        }
        for (int slot = 0; slot < JitterBuffer.CALM_SLOTS * 3; slot++) {
            buffer.offer(packet(seq++));
            assertThat(buffer.poll().action()).isEqualTo(Action.PLAY);
        }
        assertThat(buffer.targetMillis()).isEqualTo(40);
        assertThat(buffer.concealed()).isZero();
    }
}
