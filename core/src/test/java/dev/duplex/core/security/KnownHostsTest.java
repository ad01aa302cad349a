package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        hosts.awaitWrites();

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
        hosts.awaitWrites();
        assertThat(Files.readString(file)).startsWith("# my relays\n").contains("host:2 " + A);
        assertThat(hosts.lookup("host", 2)).contains(A);
    }

    @Test
    void lookupsAndChangesNeverTouchTheFileOnTheCallersThread() throws Exception {
        Path file = dir.resolve("known_hosts");
        KnownHosts hosts = KnownHosts.open(file);
        hosts.remember("relay", 24100, A);
        hosts.awaitWrites();
        // The file becomes unreadable and unwritable (a directory in its place: even root cannot read it).
        Files.delete(file);
        Files.createDirectory(file);

        // As on an event loop during a TLS handshake: answered from memory, nothing thrown.
        assertThat(hosts.lookup("relay", 24100)).contains(A);
        hosts.remember("other", 24100, B);
        assertThat(hosts.lookup("other", 24100)).contains(B);
        assertThat(hosts.forget("relay", 24100)).isTrue();
        assertThat(hosts.lookup("relay", 24100)).isEmpty();
        hosts.awaitWrites(); // the failed write is logged by the writer thread, not thrown at the caller
        assertThat(hosts.lookup("other", 24100)).as("kept in memory when the file cannot be written").contains(B);
    }

    @Test
    void twoProcessesWritingTheFileAtOnceLoseNothing() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "# shared by several programs\n");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> others = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            others.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    KnownHostsWriter.class.getName(), file.toString(), "process-" + p, "40", A.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        KnownHosts mine = KnownHosts.open(file);
        for (int i = 0; i < 40; i++) {
            mine.remember("this-process", 1000 + i, B);
        }
        mine.awaitWrites();
        for (Process other : others) {
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isZero();
        }
        KnownHosts reread = KnownHosts.open(dir.resolve(".").resolve("known_hosts")); // same file, read again
        reread.awaitRefresh();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1 + 3 * 40).first().isEqualTo("# shared by several programs");
        for (int i = 0; i < 40; i++) {
            assertThat(lines).contains("this-process:" + (1000 + i) + " " + B, "process-0:" + (1000 + i) + " " + A,
                    "process-1:" + (1000 + i) + " " + A);
        }
        assertThat(reread.lookup("process-1", 1039)).as("another process's entries are seen here").contains(A);
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
