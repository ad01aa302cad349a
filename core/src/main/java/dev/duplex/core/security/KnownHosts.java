package dev.duplex.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities a client has met, like SSH's {@code known_hosts}: one line per server,
 * <pre>
 * 10.0.0.5:24100 SHA256:q0pE6qL7U0m3cM2i0fZ4o4bq3I9m4m0Jt1c7h7yYt2Q
 * [::1]:24100 SHA256:...
 * </pre>
 * keyed by the host as the user wrote it and the port. The file is read again on every lookup and
 * rewritten atomically and owner-only ({@code rw-------}) on every change, so several programs can
 * share it; lines starting with {@code #} are kept as they are. Thread-safe.
 */
public final class KnownHosts {
    private static final Logger log = LoggerFactory.getLogger(KnownHosts.class);

    private final Path file;
    private final Map<String, Fingerprint> memory;

    private KnownHosts(Path file) {
        this.file = file;
        this.memory = file == null ? new LinkedHashMap<>() : null;
    }

    /** Known hosts kept in {@code file} (created on the first {@link #remember}). */
    public static KnownHosts open(Path file) {
        return new KnownHosts(Objects.requireNonNull(file, "file"));
    }

    /** Known hosts in {@link DuplexHome#knownHostsFile()}, e.g. {@code ~/.duplex/known_hosts}. */
    public static KnownHosts openDefault() {
        return open(DuplexHome.knownHostsFile());
    }

    /** Known hosts forgotten when the program ends (tests, one-off tools). */
    public static KnownHosts inMemory() {
        return new KnownHosts(null);
    }

    /** The file, or empty when kept in memory. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The fingerprint remembered for {@code host:port}, if any. */
    public synchronized Optional<Fingerprint> lookup(String host, int port) {
        return Optional.ofNullable(entries().get(key(host, port)));
    }

    /** Remembers (or replaces) the fingerprint of {@code host:port}. */
    public synchronized void remember(String host, int port, Fingerprint fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (file == null) {
            memory.put(key(host, port), fingerprint);
            return;
        }
        List<String> lines = readLines();
        String key = key(host, port);
        String entry = key + " " + fingerprint;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (key.equals(keyOf(lines.get(i)))) {
                lines.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        write(lines);
    }

    /** Forgets {@code host:port}; true if it was known. */
    public synchronized boolean forget(String host, int port) {
        if (file == null) {
            return memory.remove(key(host, port)) != null;
        }
        List<String> lines = readLines();
        String key = key(host, port);
        boolean removed = lines.removeIf(line -> key.equals(keyOf(line)));
        if (removed) {
            write(lines);
        }
        return removed;
    }

    /** How a server appears in the file: {@code host:port}, an IPv6 address in brackets. */
    public static String key(String host, int port) {
        String h = host.strip();
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    /** Where the file is, for sentences that tell a person which line to remove. */
    String describe() {
        return file == null ? "the known hosts" : file.toString();
    }

    private Map<String, Fingerprint> entries() {
        if (file == null) {
            return memory;
        }
        Map<String, Fingerprint> result = new LinkedHashMap<>();
        for (String line : readLines()) {
            String key = keyOf(line);
            if (key == null) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            try {
                result.put(key, Fingerprint.parse(parts.length > 1 ? parts[1] : ""));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring a damaged line in {}: {}", file, line);
            }
        }
        return result;
    }

    private static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        int space = t.indexOf(' ');
        return space < 0 ? t : t.substring(0, space);
    }

    private List<String> readLines() {
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the known hosts " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<String> lines) {
        try {
            OwnerOnlyFiles.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the known hosts " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KnownHosts[" + describe() + "]";
    }
}
