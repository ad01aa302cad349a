package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSecretsOfAnOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "# the team room\ncorrect horse battery staple\n\n");
        OwnerOnlyFiles.restrict(file);
        assertThat(SecretFiles.secret(file)).isEqualTo("correct horse battery staple");
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("secret");
        Files.writeString(file, "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretFiles.secret(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The secret file " + file + " can be read by other users: make it yours only (chmod 600 "
                        + file + ") and try again.");
    }

    @Test
    void refusesAMissingOrEmptyFileWithASentence() throws Exception {
        assertThatThrownBy(() -> SecretFiles.secret(dir.resolve("nope"))).hasMessageContaining("there is no such file");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "# nothing\n");
        OwnerOnlyFiles.restrict(empty);
        assertThatThrownBy(() -> SecretFiles.secret(empty)).hasMessageContaining("is empty");
    }
}
