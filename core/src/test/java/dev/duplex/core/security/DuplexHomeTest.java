package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where duplex keeps its files on each system, and who wins when several places are named. */
class DuplexHomeTest {
    private static final Path HOME = Path.of("/home/kim");

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private Set<Path> existing = Set.of();

    private Path resolve(String os) {
        properties.put("os.name", os);
        return DuplexHome.resolve(properties::get, env::get, HOME, existing::contains);
    }

    @Test
    void usesTheSystemsUsualPerUserPlace() {
        env.put("APPDATA", "C:\\Users\\Kim Chul-su\\AppData\\Roaming");
        assertThat(resolve("Windows 11")).isEqualTo(Path.of("C:\\Users\\Kim Chul-su\\AppData\\Roaming").resolve("duplex"));
        assertThat(resolve("Mac OS X")).isEqualTo(HOME.resolve("Library/Application Support/duplex"));
        assertThat(resolve("Linux")).isEqualTo(HOME.resolve(".duplex"));
        assertThat(resolve("FreeBSD")).isEqualTo(HOME.resolve(".duplex"));
    }

    @Test
    void windowsWithoutAppDataUsesTheRoamingFolderInTheHome() {
        assertThat(resolve("Windows 10")).isEqualTo(HOME.resolve("AppData").resolve("Roaming").resolve("duplex"));
    }

    @Test
    void anExistingDotDuplexKeepsBeingUsedSoIdentitiesDoNotChange() {
        existing = Set.of(HOME.resolve(".duplex"));
        env.put("APPDATA", "C:\\Users\\kim\\AppData\\Roaming");
        assertThat(resolve("Windows 11")).isEqualTo(HOME.resolve(".duplex"));
        assertThat(resolve("Mac OS X")).isEqualTo(HOME.resolve(".duplex"));
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        existing = Set.of(HOME.resolve(".duplex"));
        env.put("DUPLEX_HOME", "/data/duplex env");
        assertThat(resolve("Mac OS X")).isEqualTo(Path.of("/data/duplex env"));
        properties.put("duplex.home", "/data/duplex 한글");
        assertThat(resolve("Mac OS X")).isEqualTo(Path.of("/data/duplex 한글"));
        properties.put("duplex.home", "  ");
        assertThat(resolve("Mac OS X")).as("a blank setting is no setting").isEqualTo(Path.of("/data/duplex env"));
    }

    @Test
    void filesLiveUnderTheHomeAndWorkInAFolderWithSpacesAndHangul(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("홈 폴더 ü");
        String before = System.getProperty("duplex.home");
        System.setProperty("duplex.home", home.toString());
        try {
            assertThat(DuplexHome.relayDirectory()).isEqualTo(home.resolve("relay"));
            assertThat(DuplexHome.knownHostsFile()).isEqualTo(home.resolve("known_hosts"));
            Identity created = Identity.loadOrCreate(DuplexHome.peerDirectory());
            assertThat(Identity.loadOrCreate(DuplexHome.peerDirectory()).fingerprint()).isEqualTo(created.fingerprint());
            KnownHosts.openDefault().remember("127.0.0.1", 24100, created.fingerprint());
            assertThat(KnownHosts.open(home.resolve("known_hosts")).lookup("127.0.0.1", 24100)).contains(created.fingerprint());
            assertThat(Files.isDirectory(home.resolve("peer"))).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty("duplex.home");
            } else {
                System.setProperty("duplex.home", before);
            }
        }
    }
}
