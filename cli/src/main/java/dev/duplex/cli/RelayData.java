package dev.duplex.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's data directory (identity and history): made readable by its owner only, whatever the
 * transport (history is private with or without TLS), and what this run made in it is taken away
 * again if the relay does not start (say, its port is busy), so a failed start leaves nothing behind.
 */
final class RelayData {
    static final String HISTORY_FILE = "history.db";
    private static final Logger log = LoggerFactory.getLogger(RelayData.class);
    /** Made by a first run: the identity, the history and SQLite's companions of it. */
    private static final List<String> MADE_HERE = List.of("identity.pem", HISTORY_FILE, HISTORY_FILE + "-wal",
            HISTORY_FILE + "-shm", HISTORY_FILE + "-journal");

    private final Path directory;
    private final List<Path> created = new ArrayList<>();

    private RelayData(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens {@code directory}, creating it (and missing parents) owner-only, and the history file
     * owner-only if it is new, before SQLite opens it (its journal files take the same permissions).
     */
    static RelayData open(Path directory) throws IOException {
        RelayData data = new RelayData(directory.toAbsolutePath());
        data.createDirectories(data.directory);
        for (String name : MADE_HERE) {
            Path file = data.directory.resolve(name);
            if (!Files.exists(file)) {
                data.created.add(file);
            }
        }
        Path history = data.history();
        if (!Files.exists(history)) {
            Files.createFile(history, ownerOnly("rw-------"));
        }
        return data;
    }

    Path directory() {
        return directory;
    }

    Path history() {
        return directory.resolve(HISTORY_FILE);
    }

    /** Removes what {@link #open} and the relay made in this run (deepest first); what was there stays. */
    void discardNew() {
        for (int i = created.size() - 1; i >= 0; i--) {
            Path file = created.get(i);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not remove {} after the relay failed to start: {}", file, e.getMessage());
            }
        }
    }

    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            createDirectories(dir.getParent());
        }
        Files.createDirectory(dir, ownerOnly("rwx------"));
        created.add(dir);
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
