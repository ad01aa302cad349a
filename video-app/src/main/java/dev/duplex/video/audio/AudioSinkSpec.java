package dev.duplex.video.audio;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the others' voices go, as given by {@code --audio-sink}: {@code auto} (the speaker if one
 * opens, else nowhere), {@code speaker}, {@code null} (nowhere: decoded and counted only), or a WAV
 * file path to record to.
 *
 * @param kind which kind of sink
 * @param file the file, for {@link Kind#FILE} only
 */
public record AudioSinkSpec(Kind kind, Path file) {

    /** The kinds of voice output. */
    public enum Kind { AUTO, SPEAKER, NULL, FILE }

    public AudioSinkSpec {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.FILE) != (file != null)) {
            throw new IllegalArgumentException("file: " + file + " (expected: a path for FILE only)");
        }
    }

    public static AudioSinkSpec auto() {
        return new AudioSinkSpec(Kind.AUTO, null);
    }

    public static AudioSinkSpec speaker() {
        return new AudioSinkSpec(Kind.SPEAKER, null);
    }

    public static AudioSinkSpec none() {
        return new AudioSinkSpec(Kind.NULL, null);
    }

    public static AudioSinkSpec file(Path file) {
        return new AudioSinkSpec(Kind.FILE, Objects.requireNonNull(file, "file"));
    }

    /** Parses {@code auto}, {@code speaker}, {@code null} (any case) or else a file path. */
    public static AudioSinkSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("--audio-sink must not be empty: use auto, speaker, null or a .wav file.");
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "auto" -> auto();
            case "speaker", "speakers", "headphones" -> speaker();
            case "null", "none" -> none();
            default -> file(Path.of(t));
        };
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? file.toString() : kind.name().toLowerCase(Locale.ROOT);
    }
}
