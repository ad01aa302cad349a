package dev.duplex.bench.audio;

import dev.duplex.video.audio.Pcm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A second of sound shaped like speech, for codec benchmarks (a pure tone would flatter a speech
 * codec): a voiced buzz whose pitch glides between 100 and 220 Hz, harmonics weighted around two
 * formants, syllables four times a second with short pauses, and a little breath noise. The same
 * every time (fixed seed).
 */
final class SpeechLike {
    private SpeechLike() {
    }

    static List<short[]> frames(int count) {
        Random random = new Random(20_24);
        List<short[]> frames = new ArrayList<>(count);
        double phase = 0;
        int n = 0;
        for (int f = 0; f < count; f++) {
            short[] frame = Pcm.newFrame();
            for (int i = 0; i < frame.length; i++, n++) {
                double t = n / (double) Pcm.SAMPLE_RATE;
                double pitch = 160 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
                phase += 2 * Math.PI * pitch / Pcm.SAMPLE_RATE;
                double voiced = 0;
                for (int h = 1; h <= 20; h++) {
                    double hz = h * pitch;
                    double formants = Math.exp(-Math.pow((hz - 700) / 300, 2)) + 0.6 * Math.exp(-Math.pow((hz - 1800) / 400, 2));
                    voiced += (0.2 + formants) / h * Math.sin(h * phase);
                }
                double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)); // pauses between syllables
                double sample = 0.25 * syllable * voiced + 0.01 * random.nextGaussian();
                frame[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample * Short.MAX_VALUE));
            }
            frames.add(frame);
        }
        return frames;
    }
}
