package dev.duplex.video.source;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which source to open, as given on the command line: {@code auto} (a camera if one opens, else the
 * synthetic pattern), {@code synthetic}, {@code camera}, or a video file path.
 *
 * @param kind which kind of source
 * @param file the file, for {@link Kind#FILE} only
 */
public record SourceSpec(Kind kind, Path file) {

    /** The kinds of source. */
    public enum Kind { AUTO, SYNTHETIC, CAMERA, FILE }

    public SourceSpec {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.FILE) != (file != null)) {
            throw new IllegalArgumentException("file: " + file + " (expected: a path for FILE only)");
        }
    }

    public static SourceSpec auto() {
        return new SourceSpec(Kind.AUTO, null);
    }

    public static SourceSpec synthetic() {
        return new SourceSpec(Kind.SYNTHETIC, null);
    }

    public static SourceSpec camera() {
        return new SourceSpec(Kind.CAMERA, null);
    }

    public static SourceSpec file(Path file) {
        return new SourceSpec(Kind.FILE, Objects.requireNonNull(file, "file"));
    }

    /** Parses {@code auto}, {@code synthetic}, {@code camera} (any case) or else a file path. */
    public static SourceSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("source must not be empty: use auto, synthetic, camera or a file path.");
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "auto" -> auto();
            case "synthetic", "test", "pattern" -> synthetic();
            case "camera", "webcam" -> camera();
            default -> file(Path.of(t));
        };
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? file.toString() : kind.name().toLowerCase(Locale.ROOT);
    }
}
