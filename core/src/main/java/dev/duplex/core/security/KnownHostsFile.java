package dev.duplex.core.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory copy of one known-hosts file, shared by every {@link KnownHosts} of that file in
 * this JVM. Lookups read memory only (they happen on event loops, during TLS handshakes); changes
 * apply to memory at once and are written through by one background thread. Each write takes a
 * lock on a sibling file ({@code known_hosts.lock}), reads the file as it is now, applies the
 * changes and replaces the file atomically, so several programs writing it at once lose nothing;
 * what another program wrote is read again, in the background, at most once a second when
 * looked up. Changes not yet written when the JVM ends are written by a shutdown hook (bounded).
 */
final class KnownHostsFile {
    private static final Logger log = LoggerFactory.getLogger(KnownHostsFile.class);
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SHUTDOWN_WAIT_SECONDS = 2;
    private static final ConcurrentHashMap<Path, KnownHostsFile> OPEN = new ConcurrentHashMap<>();
    /**
     * The one thread that touches known-hosts files (so no two writes of this JVM ever overlap). Its
     * queue needs no capacity of its own: each open file queues at most one reload and one write
     * ({@code recheckQueued}, {@code writeQueued}), and there is one instance per path in {@code OPEN},
     * so at most two tasks per known-hosts file this JVM uses wait at any time.
     */
    private static final ThreadPoolExecutor IO = newWriter();

    private final Path file;
    private final Path lockFile;
    private volatile Map<String, Fingerprint> entries = Map.of();
    /** Changes not in the file yet, in order (an empty value removes the key). Guarded by this. */
    private final Map<String, Optional<Fingerprint>> unwritten = new LinkedHashMap<>();
    /** At most one reload and one write of this file wait for the IO thread at a time. */
    private final AtomicBoolean recheckQueued = new AtomicBoolean();
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private volatile long checkedAtNanos;
    /** What the file looked like when last read or written (IO thread only). */
    private FileTime seenModified;
    private long seenSize = -1;

    private KnownHostsFile(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    /** The shared copy of {@code file}, read on first use (call it off event loops). */
    static KnownHostsFile of(Path file) {
        Path key = file.toAbsolutePath().normalize();
        KnownHostsFile copy = OPEN.computeIfAbsent(key, KnownHostsFile::new);
        copy.awaitIo(copy::reloadIfChanged);
        return copy;
    }

    Optional<Fingerprint> get(String key) {
        long now = System.nanoTime();
        if (now - checkedAtNanos > RECHECK_NANOS && recheckQueued.compareAndSet(false, true)) {
            checkedAtNanos = now;
            submit(() -> {
                recheckQueued.set(false);
                reloadIfChanged();
            });
        }
        return Optional.ofNullable(entries.get(key));
    }

    /** Sets ({@code value} present) or removes the entry of {@code key}; returns whether it existed. */
    boolean change(String key, Optional<Fingerprint> value) {
        boolean existed;
        synchronized (this) {
            existed = entries.containsKey(key);
            unwritten.remove(key); // re-added last: changes apply in the order they were made
            unwritten.put(key, value);
            entries = apply(entries, Map.of(key, value));
        }
        if (writeQueued.compareAndSet(false, true)) {
            submit(() -> {
                writeQueued.set(false);
                writeUnwritten();
            });
        }
        return existed;
    }

    /** Waits until everything changed so far was written (or failed to be), at most a few seconds. */
    void awaitWrites() {
        awaitIo(() -> { });
    }

    /** Reads the file again if it changed, and waits for that. */
    void awaitRefresh() {
        awaitIo(this::reloadIfChanged);
    }

    private void awaitIo(Runnable task) {
        try {
            IO.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Known hosts {}: {}", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable task) {
        try {
            IO.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Known hosts {}: the JVM is shutting down, not written", file);
        }
    }

    // ---- on the IO thread ----

    private void reloadIfChanged() {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            if (now.lastModifiedTime().equals(seenModified) && now.size() == seenSize) {
                return;
            }
            adopt(readLines());
        } catch (NoSuchFileException e) {
            adopt(List.of());
        } catch (IOException e) {
            log.warn("Cannot read the known hosts {} ({}); using what was read before.", file, e.toString());
        }
    }

    private void writeUnwritten() {
        Map<String, Optional<Fingerprint>> changes;
        synchronized (this) {
            if (unwritten.isEmpty()) {
                return;
            }
            changes = new LinkedHashMap<>(unwritten);
        }
        try {
            OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
            List<String> lines;
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                lines = readLinesOrNone();
                changes.forEach((key, value) -> applyToLines(lines, key, value));
                OwnerOnlyFiles.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            synchronized (this) {
                // A change made meanwhile to the same key stays to be written next.
                changes.forEach(unwritten::remove);
            }
            adopt(lines);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot write the known hosts {} ({}): the change is kept in memory and written with the "
                    + "next one.", file, e.toString());
        }
    }

    /** Takes {@code lines} as the file's content, with the changes not written yet on top. */
    private void adopt(List<String> lines) {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            seenModified = now.lastModifiedTime();
            seenSize = now.size();
        } catch (IOException e) {
            seenModified = null;
            seenSize = -1;
        }
        Map<String, Fingerprint> parsed = parse(lines);
        synchronized (this) {
            entries = apply(parsed, unwritten);
        }
    }

    private List<String> readLinesOrNone() throws IOException {
        try {
            return readLines();
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
    }

    private List<String> readLines() throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private Map<String, Fingerprint> parse(List<String> lines) {
        Map<String, Fingerprint> result = new LinkedHashMap<>();
        for (String line : lines) {
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

    private static Map<String, Fingerprint> apply(Map<String, Fingerprint> base,
                                                  Map<String, Optional<Fingerprint>> changes) {
        Map<String, Fingerprint> result = new LinkedHashMap<>(base);
        changes.forEach((key, value) -> {
            if (value.isPresent()) {
                result.put(key, value.get());
            } else {
                result.remove(key);
            }
        });
        return Map.copyOf(result);
    }

    /** Replaces the lines of {@code key} with one new line (or removes them); other lines stay as they are. */
    private static void applyToLines(List<String> lines, String key, Optional<Fingerprint> value) {
        boolean replaced = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (key.equals(keyOf(lines.get(i)))) {
                if (value.isPresent() && !replaced) {
                    lines.set(i, key + " " + value.get());
                    replaced = true;
                } else {
                    lines.remove(i);
                }
            }
        }
        if (value.isPresent() && !replaced) {
            lines.add(key + " " + value.get());
        }
    }

    private static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        int space = t.indexOf(' ');
        return space < 0 ? t : t.substring(0, space);
    }

    private static ThreadPoolExecutor newWriter() {
        ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "duplex-known-hosts");
            t.setDaemon(true);
            return t;
        });
        io.allowCoreThreadTimeOut(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            io.shutdown();
            try {
                io.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "duplex-known-hosts-flush"));
        return io;
    }
}
