package dev.duplex.video.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Opus through Concentus: a tone comes out at its frequency, and a lost packet is rebuilt or concealed as that tone. */
class VoiceCodecTest {

    /** 20 ms frames of a sine at {@code hz}, phase-continuous, at 0.3 of full scale. */
    static List<short[]> tone(double hz, int frames) {
        List<short[]> out = new ArrayList<>();
        double phase = 0;
        for (int f = 0; f < frames; f++) {
            short[] frame = Pcm.newFrame();
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (short) Math.round(0.3 * Short.MAX_VALUE * Math.sin(phase));
                phase += 2 * Math.PI * hz / Pcm.SAMPLE_RATE;
            }
            out.add(frame);
        }
        return out;
    }

    @Test
    void toneComesOutAtItsFrequencyAfterEncodingAndDecoding() {
        for (double hz : new double[] {440, 1000}) {
            VoiceEncoder encoder = new VoiceEncoder();
            VoiceDecoder decoder = new VoiceDecoder();
            List<short[]> decoded = new ArrayList<>();
            int bytes = 0;
            for (short[] frame : tone(hz, 50)) {
                byte[] packet = encoder.encode(frame);
                bytes += packet.length;
                short[] out = Pcm.newFrame();
                assertThat(decoder.decode(packet, out)).isTrue();
                decoded.add(out);
            }
            short[] tail = Tones.join(decoded.subList(10, 50)); // past the codec's start-up
            double other = hz == 440 ? 1000 : 440;
            assertThat(Tones.power(tail, hz)).as("%s Hz power", hz).isGreaterThan(0.005);
            assertThat(Tones.power(tail, hz)).as("%s Hz against %s Hz", hz, other)
                    .isGreaterThan(50 * Tones.power(tail, other));
            assertThat(bytes / 50).as("mean packet bytes at 32 kbit/s").isBetween(20, 200);
        }
    }

    @Test
    void aLostPacketIsRebuiltFromTheNextOnesFecOrConcealedAsTheSameTone() {
        VoiceEncoder encoder = new VoiceEncoder();
        List<byte[]> packets = tone(440, 40).stream().map(encoder::encode).toList();
        VoiceDecoder withFec = new VoiceDecoder();
        VoiceDecoder withPlc = new VoiceDecoder();
        short[] out = Pcm.newFrame();
        for (int i = 0; i < 30; i++) {
            withFec.decode(packets.get(i), out);
            withPlc.decode(packets.get(i), out);
        }
        // Packet 30 is lost.
        short[] rebuilt = Pcm.newFrame();
        withFec.recover(packets.get(31), rebuilt);
        short[] guessed = Pcm.newFrame();
        withPlc.conceal(guessed);
        for (short[] frame : List.of(rebuilt, guessed)) {
            assertThat(Tones.power(frame, 440)).isGreaterThan(0.001);
            assertThat(Tones.power(frame, 440)).isGreaterThan(10 * Tones.power(frame, 1000));
        }
        assertThat(withFec.decode(packets.get(31), out)).isTrue();
        assertThat(Tones.power(out, 440)).isGreaterThan(10 * Tones.power(out, 1000));
    }

    @Test
    void damagedPacketsDoNotSpoilTheVoiceAfterThem() {
        VoiceEncoder encoder = new VoiceEncoder();
        List<byte[]> packets = tone(440, 600).stream().map(encoder::encode).toList();
        VoiceDecoder decoder = new VoiceDecoder();
        SplittableRandom random = new SplittableRandom(20261204);
        short[] out = Pcm.newFrame();
        // 500 packets, each with a few bits flipped, cut short or grown with noise (a fixed seed).
        for (int i = 0; i < 500; i++) {
            byte[] damaged = packets.get(i).clone();
            switch (random.nextInt(3)) {
                case 0 -> damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
                default -> {
                    damaged = Arrays.copyOf(damaged, damaged.length + 1 + random.nextInt(40));
                    for (int b = packets.get(i).length; b < damaged.length; b++) {
                        damaged[b] = (byte) random.nextInt(256);
                    }
                }
            }
            decoder.decode(damaged, out);
            assertThat(out).hasSize(Pcm.FRAME_SAMPLES);
        }
        // Then the intact rest: the tone comes back once the decoder has settled.
        List<short[]> after = new ArrayList<>();
        for (int i = 500; i < 600; i++) {
            short[] frame = Pcm.newFrame();
            assertThat(decoder.decode(packets.get(i), frame)).as("intact packet %d", i).isTrue();
            after.add(frame);
        }
        short[] tail = Tones.join(after.subList(10, 100));
        assertThat(Tones.power(tail, 440)).isGreaterThan(0.005);
        assertThat(Tones.power(tail, 440)).isGreaterThan(50 * Tones.power(tail, 1000));
    }

    @Test
    void aPacketThatIsNotOpusIsConcealedNotThrown() {
        VoiceDecoder decoder = new VoiceDecoder();
        short[] out = Pcm.newFrame();
        assertThat(decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, out)).isFalse();
        assertThat(out).hasSize(Pcm.FRAME_SAMPLES);
    }
}
