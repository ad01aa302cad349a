package com.example.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.relay.RelayServer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first example runs against duplex-core as published. */
class ReadmeExampleTest {

    @Test
    void duplexCoreIsTheInstalledJar() throws URISyntaxException {
        Path core = Path.of(RelayServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(core.getFileName().toString()).as("duplex-core on the class path: %s", core)
                .startsWith("duplex-core-").endsWith(".jar");
        assertThat(core.getParent().getParent()).as("in a local repository's dev/duplex/duplex-core/VERSION/")
                .endsWith(Path.of("dev", "duplex", "duplex-core"));
    }

    @Test
    void readmeExampleRuns() {
        assertThat(ReadmeExample.run()).isEqualTo("alice: 안녕, bob!");
    }
}
