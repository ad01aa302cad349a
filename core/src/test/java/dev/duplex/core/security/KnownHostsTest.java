package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    private static final Fingerprint A = Identity.generate().fingerprint();
    private static final Fingerprint B = Identity.generate().fingerprint();

    @TempDir
    Path dir;

    @Test
    void remembersReplacesAndForgetsPerHostAndPort() throws Exception {
        Path file = dir.resolve("sub/known_hosts");
        KnownHosts hosts = KnownHosts.open(file);
        assertThat(hosts.lookup("10.0.0.5", 24100)).isEmpty();
        hosts.remember("10.0.0.5", 24100, A);
        hosts.remember("10.0.0.5", 24101, B);
        hosts.remember("::1", 24100, B);

        KnownHosts reread = KnownHosts.open(file);
        assertThat(reread.lookup("10.0.0.5", 24100)).contains(A);
        assertThat(reread.lookup("10.0.0.5", 24101)).contains(B);
        assertThat(reread.lookup("::1", 24100)).contains(B);
        assertThat(Files.readString(file)).contains("10.0.0.5:24100 " + A, "[::1]:24100 " + B);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        hosts.remember("10.0.0.5", 24100, B);
        assertThat(reread.lookup("10.0.0.5", 24100)).as("other instances see changes").contains(B);
        assertThat(hosts.forget("10.0.0.5", 24100)).isTrue();
        assertThat(hosts.forget("10.0.0.5", 24100)).isFalse();
        assertThat(reread.lookup("10.0.0.5", 24100)).isEmpty();
    }

    @Test
    void commentsAreKeptAndDamagedLinesIgnored() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "# my relays\nbroken-line\nhost:1 SHA256:nope\n");
        KnownHosts hosts = KnownHosts.open(file);
        assertThat(hosts.lookup("host", 1)).isEmpty();
        hosts.remember("host", 2, A);
        assertThat(Files.readString(file)).startsWith("# my relays\n").contains("host:2 " + A);
        assertThat(hosts.lookup("host", 2)).contains(A);
    }

    @Test
    void inMemoryHostsAreForgottenWithTheObject() {
        KnownHosts hosts = KnownHosts.inMemory();
        hosts.remember("h", 1, A);
        assertThat(hosts.lookup("h", 1)).contains(A);
        assertThat(hosts.file()).isEmpty();
        assertThat(KnownHosts.inMemory().lookup("h", 1)).isEmpty();
    }
}
