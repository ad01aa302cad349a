package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent identity: made once, owner-only on disk, the same after a restart. */
class IdentityTest {
    @TempDir
    Path dir;

    @Test
    void firstRunMakesAnOwnerOnlyIdentityThatLaterRunsLoad() throws Exception {
        Path data = dir.resolve("relay-data");
        Identity first = Identity.loadOrCreate(data);
        Path file = data.resolve(Identity.FILE_NAME);
        assertThat(first.file()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----");
        try (var listing = Files.list(data)) {
            assertThat(listing).as("no temporary files left behind").containsExactly(file);
        }

        Identity again = Identity.loadOrCreate(data);
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(first.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void loosePermissionsAreTightened() throws Exception {
        Identity first = Identity.loadOrCreate(dir);
        Path file = dir.resolve(Identity.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Identity.loadOrCreate(dir).fingerprint()).isEqualTo(first.fingerprint());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aDamagedFileIsASentenceNotANewIdentity() throws Exception {
        Identity.loadOrCreate(dir);
        Path file = dir.resolve(Identity.FILE_NAME);
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> Identity.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("delete it to make a new one");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        Identity.loadOrCreate(dir);
        Path file = dir.resolve(Identity.FILE_NAME);
        String mine = Files.readString(file);
        Path other = dir.resolve("other");
        Identity.loadOrCreate(other);
        String theirs = Files.readString(other.resolve(Identity.FILE_NAME));
        String mixed = mine.substring(0, mine.indexOf("-----BEGIN CERTIFICATE-----"))
                + theirs.substring(theirs.indexOf("-----BEGIN CERTIFICATE-----"));
        Files.writeString(file, mixed);
        assertThatThrownBy(() -> Identity.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not belong to the certificate");
    }
}
