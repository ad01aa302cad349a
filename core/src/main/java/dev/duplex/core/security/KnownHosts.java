package dev.duplex.core.security;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The identities a client has met, like SSH's {@code known_hosts}: one line per server,
 * <pre>
 * 10.0.0.5:24100 SHA256:q0pE6qL7U0m3cM2i0fZ4o4bq3I9m4m0Jt1c7h7yYt2Q
 * [::1]:24100 SHA256:...
 * </pre>
 * keyed by the host as the user wrote it and the port. The file is read when opened and kept in
 * memory, so a lookup (made on an event loop, during a TLS handshake) never touches the disk;
 * changes apply at once in memory and are written through by a background thread, owner-only
 * ({@code rw-------}) and atomically, merged under a lock with what other programs wrote, so
 * several programs can share the file; what they write is read again in the background. Lines
 * starting with {@code #} are kept as they are. Thread-safe.
 */
public final class KnownHosts {
    private final Path file;
    private final KnownHostsFile shared;
    private final Map<String, Fingerprint> memory;

    private KnownHosts(Path file) {
        this.file = file;
        this.shared = file == null ? null : KnownHostsFile.of(file);
        this.memory = file == null ? new LinkedHashMap<>() : null;
    }

    /** Known hosts kept in {@code file} (created on the first {@link #remember}); reads it now. */
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

    /** The fingerprint remembered for {@code host:port}, if any (from memory: never blocks). */
    public Optional<Fingerprint> lookup(String host, int port) {
        if (shared != null) {
            return shared.get(key(host, port));
        }
        synchronized (memory) {
            return Optional.ofNullable(memory.get(key(host, port)));
        }
    }

    /** Remembers (or replaces) the fingerprint of {@code host:port}; the file is written in the background. */
    public void remember(String host, int port, Fingerprint fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (shared != null) {
            shared.change(key(host, port), Optional.of(fingerprint));
            return;
        }
        synchronized (memory) {
            memory.put(key(host, port), fingerprint);
        }
    }

    /** Forgets {@code host:port}; true if it was known. The file is written in the background. */
    public boolean forget(String host, int port) {
        if (shared != null) {
            return shared.change(key(host, port), Optional.empty());
        }
        synchronized (memory) {
            return memory.remove(key(host, port)) != null;
        }
    }

    /** How a server appears in the file: {@code host:port}, an IPv6 address in brackets. */
    public static String key(String host, int port) {
        String h = host.strip();
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    /** Where the file is, for sentences that tell a person which line to remove. */
    public String describe() {
        return file == null ? "the known hosts" : file.toString();
    }

    /** Waits until every change made so far is written (or failed to be); for tests. */
    void awaitWrites() {
        if (shared != null) {
            shared.awaitWrites();
        }
    }

    /** Reads the file again now if another program changed it, and waits for that; for tests. */
    void awaitRefresh() {
        if (shared != null) {
            shared.awaitRefresh();
        }
    }

    @Override
    public String toString() {
        return "KnownHosts[" + describe() + "]";
    }
}
