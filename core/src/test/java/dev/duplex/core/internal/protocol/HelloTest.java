package dev.duplex.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloTest {
    @Test
    void toStringLeavesSecretsOut() {
        Hello hello = new Hello(1, 3, "alice", "team", Map.of(Hello.ATTR_SECRET, "correct horse",
                Hello.ATTR_SESSION, "0123456789abcdef0123", Hello.ATTR_RESUME, "42"));
        assertThat(hello.toString()).doesNotContain("correct horse", "0123456789abcdef0123")
                .contains("alice", "team", "secret=<redacted>", "session=<redacted>", "resume=42");
    }
}
