package dev.duplex.cli;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Reads the distribution zip as unzip would: files, folders and the Unix permission bits. */
final class Archives {
    private Archives() {
    }

    /** Unpacks {@code zip} into {@code target} (created) and returns the one folder at its top. */
    static Path unpack(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (FileSystem fs = open(zip); Stream<Path> entries = Files.walk(fs.getPath("/"))) {
            for (Path entry : entries.toList()) {
                Path out = target.resolve(fs.getPath("/").relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(entry, out);
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
                    if (!mode.isEmpty()) {
                        Files.setPosixFilePermissions(out, mode);
                    }
                }
            }
        }
        try (Stream<Path> top = Files.list(target)) {
            List<Path> folders = top.toList();
            if (folders.size() != 1 || !Files.isDirectory(folders.get(0))) {
                throw new IOException(zip + " should hold one folder at its top, not " + folders);
            }
            return folders.get(0);
        }
    }

    /** The names of the files in {@code folder} of {@code zip} (e.g. "lib"), below its top folder. */
    static List<String> fileNames(Path zip, String folder) throws IOException {
        try (FileSystem fs = open(zip); Stream<Path> top = Files.list(fs.getPath("/"))) {
            Path base = top.findFirst().orElseThrow().resolve(folder);
            try (Stream<Path> files = Files.list(base)) {
                return files.map(p -> p.getFileName().toString().replace("/", "")).sorted().toList();
            }
        }
    }

    private static FileSystem open(Path zip) throws IOException {
        return FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"));
    }
}
