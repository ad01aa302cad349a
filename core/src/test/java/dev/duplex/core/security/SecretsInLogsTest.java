package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No log line, at any level, shows a room secret or a session token: {@link SecretsScenario} runs in
 * its own JVM with every logger at TRACE, and its whole output is searched.
 */
class SecretsInLogsTest {
    @Test
    void noLogLineAtAnyLevelShowsASecretOrASessionToken() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-Dduplex.home=" + Path.of("target", "duplex-home").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), SecretsScenario.class.getName())
                .redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = new String(output, StandardCharsets.UTF_8);
        assertThat(log).as("the scenario ran to its end with debug logging on")
                .contains(SecretsScenario.DONE).contains("DEBUG").contains("joined room team");
        assertThat(log).doesNotContain(SecretsScenario.SECRET, SecretsScenario.WRONG, SecretsScenario.TOKEN);
    }
}
