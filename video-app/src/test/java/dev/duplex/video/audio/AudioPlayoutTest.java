package dev.duplex.video.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.session.AudioMessage;
import dev.duplex.video.testkit.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The playout, slot by slot (no thread, no clock): two voices are mixed into one output, each voice's
 * level is what it played, and the volume scales what the sink is given (clipped at full scale,
 * never wrapped round).
 */
class AudioPlayoutTest {
    private static final int SLOTS = 40;

    /** A sender that speaks one tone, a frame per slot, through its own Opus encoder. */
    private static final class Speaker {
        private final String name;
        private final double hz;
        private final double amplitude;
        private final VoiceEncoder encoder = new VoiceEncoder();
        private long sequence;

        Speaker(String name, double hz, double amplitude) {
            this.name = name;
            this.hz = hz;
            this.amplitude = amplitude;
        }

        void speakInto(RemoteVoices voices) {
            short[] frame = Pcm.newFrame();
            long first = sequence * Pcm.FRAME_SAMPLES;
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (short) Math.round(amplitude * Short.MAX_VALUE
                        * Math.sin(2 * Math.PI * hz * (first + i) / Pcm.SAMPLE_RATE));
            }
            sequence++;
            long captured = sequence * Pcm.FRAME_MICROS;
            voices.offer(new AudioMessage(name, sequence, captured, encoder.encode(frame), captured + 500));
        }
    }

    /** Plays {@link #SLOTS} slots of the speakers at {@code volume}; the sink keeps what was audible. */
    private static Played play(float volume, Speaker... speakers) {
        AudioStats stats = new AudioStats();
        RemoteVoices voices = new RemoteVoices(4, JitterBuffer.DEFAULT_MAX_FRAMES, stats);
        RecordingSink sink = new RecordingSink(10);
        AudioControls controls = new AudioControls();
        controls.volume(volume);
        AudioPlayout playout = new AudioPlayout(voices, sink, controls, stats);
        for (int slot = 0; slot < SLOTS; slot++) {
            for (Speaker s : speakers) {
                s.speakInto(voices);
            }
            playout.playOneFrame();
        }
        return new Played(voices, sink, stats);
    }

    private record Played(RemoteVoices voices, RecordingSink sink, AudioStats stats) {
        short[] lastHeard() {
            List<short[]> frames = sink.lastHeard();
            assertThat(frames).as("audible frames at the end").hasSize(10);
            return Tones.join(frames);
        }

        float level(String sender) {
            return voices.get(sender).orElseThrow().level();
        }
    }

    private static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }

    @Test
    void twoVoicesAreMixedAndEachHasItsOwnLevel() {
        Played p = play(1f, new Speaker("bob", 440, 0.3), new Speaker("carol", 1000, 0.1));

        short[] heard = p.lastHeard();
        double bob = Tones.power(heard, 440);
        double carol = Tones.power(heard, 1000);
        assertThat(bob).as("bob's 440 Hz").isGreaterThan(0.01);
        assertThat(carol).as("carol's 1 kHz").isGreaterThan(0.001);
        // Power goes with the amplitude squared: bob's tone is 3 times as loud, so about 9 times the power.
        assertThat(bob / carol).isBetween(5.0, 15.0);
        assertThat(Tones.power(heard, 700)).as("nothing between them").isLessThan(carol / 20);

        assertThat(p.level("bob")).as("a sine's RMS is its amplitude / sqrt 2").isBetween(0.17f, 0.25f);
        assertThat(p.level("carol")).isBetween(0.05f, 0.09f);
        assertThat(p.stats().played.sum()).isEqualTo(SLOTS);
        assertThat(p.voices().played()).as("packets decoded, both voices").isGreaterThan(2 * (SLOTS - 6));
        assertThat(p.voices().concealed()).isZero();
    }

    @Test
    void theVolumeScalesWhatTheSinkIsGivenAndNotTheVoicesLevels() {
        double full = rms(play(1f, new Speaker("bob", 440, 0.3)).lastHeard());
        Played half = play(0.5f, new Speaker("bob", 440, 0.3));

        assertThat(rms(half.lastHeard()) / full).isBetween(0.45, 0.55);
        assertThat(half.level("bob")).as("the meter shows what bob sent, whatever the volume").isGreaterThan(0.17f);

        Played silent = play(0f, new Speaker("bob", 440, 0.3));
        assertThat(silent.sink().frames()).isEqualTo(SLOTS);
        assertThat(silent.sink().audible()).as("volume 0 plays silence").isZero();
        assertThat(silent.level("bob")).isGreaterThan(0.17f);
    }

    @Test
    void twiceTheVolumeOfALoudVoiceIsClippedNotWrappedRound() {
        short[] loud = play(AudioControls.MAX_VOLUME, new Speaker("bob", 440, 0.8)).lastHeard();

        int atFullScale = 0;
        for (short s : loud) {
            if (s == Short.MAX_VALUE || s == Short.MIN_VALUE) {
                atFullScale++;
            }
        }
        assertThat(atFullScale).as("the peaks are held at full scale").isGreaterThan(loud.length / 10);
        // Wrapped round, each peak would jump to the other sign and the tone would drown in harmonics.
        assertThat(Tones.power(loud, 440)).isGreaterThan(10 * Tones.power(loud, 3 * 440));
    }
}
