package dev.duplex.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads secrets kept in a file rather than typed on a command line (where other local users can
 * see them, e.g. with {@code ps}). The file must be readable by its owner only ({@code chmod 600})
 * where the file system has POSIX permissions; a file others could read is refused with a sentence
 * saying how to fix it.
 */
public final class SecretFiles {
    /** Most bytes read from a secret file: secrets are short, a big file is a mistake. */
    public static final int MAX_BYTES = 64 * 1024;

    private SecretFiles() {
    }

    /**
     * The file's non-blank lines, stripped, without {@code #} comment lines.
     *
     * @throws IllegalArgumentException with a sentence if it cannot be read, is too big, or others may read it
     */
    public static List<String> lines(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Cannot read the secret file " + file + ": there is no such file.");
            }
            if (!OwnerOnlyFiles.isOwnerOnly(file)) {
                throw new IllegalArgumentException("The secret file " + file + " can be read by other users: make it "
                        + "yours only (chmod 600 " + file + ") and try again.");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("The secret file " + file + " is larger than " + MAX_BYTES
                        + " bytes: is it the right file?");
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the secret file " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * The one secret in {@code file} (its first non-blank, non-comment line).
     *
     * @throws IllegalArgumentException with a sentence if there is none, or as {@link #lines}
     */
    public static String secret(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("The secret file " + file + " is empty: put the secret on its first line.");
        }
        return lines.get(0);
    }
}
