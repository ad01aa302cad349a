package dev.duplex.video.audio;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which voice source to open, as given by {@code --audio-source}: {@code auto} (the microphone if one
 * opens, else nothing is sent), {@code mic}, {@code tone} or {@code tone:HZ}, or a WAV file path.
 *
 * @param kind        which kind of source
 * @param toneHz      the tone's frequency, for {@link Kind#TONE}
 * @param file        the file, for {@link Kind#FILE} only
 */
public record AudioSourceSpec(Kind kind, double toneHz, Path file) {

    /** The kinds of voice source. */
    public enum Kind { AUTO, MIC, TONE, FILE }

    public AudioSourceSpec {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.FILE) != (file != null)) {
            throw new IllegalArgumentException("file: " + file + " (expected: a path for FILE only)");
        }
    }

    public static AudioSourceSpec auto() {
        return new AudioSourceSpec(Kind.AUTO, 0, null);
    }

    public static AudioSourceSpec mic() {
        return new AudioSourceSpec(Kind.MIC, 0, null);
    }

    public static AudioSourceSpec tone(double hz) {
        new ToneSource(hz); // checks the frequency
        return new AudioSourceSpec(Kind.TONE, hz, null);
    }

    public static AudioSourceSpec file(Path file) {
        return new AudioSourceSpec(Kind.FILE, 0, Objects.requireNonNull(file, "file"));
    }

    /** Parses {@code auto}, {@code mic}, {@code tone}, {@code tone:HZ} (any case) or else a file path. */
    public static AudioSourceSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("--audio-source must not be empty: use auto, mic, tone or a .wav file.");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tone:")) {
            try {
                return tone(Double.parseDouble(lower.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--audio-source " + t + ": expected tone:HZ, e.g. tone:1000.");
            }
        }
        return switch (lower) {
            case "auto" -> auto();
            case "mic", "microphone" -> mic();
            case "tone" -> tone(ToneSource.DEFAULT_HZ);
            default -> file(Path.of(t));
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FILE -> file.toString();
            case TONE -> "tone:" + (toneHz == Math.rint(toneHz) ? String.valueOf((long) toneHz) : String.valueOf(toneHz));
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
