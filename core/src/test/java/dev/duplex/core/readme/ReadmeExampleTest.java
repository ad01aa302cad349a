package dev.duplex.core.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's library sample is this module's {@link ReadmeExample}, and it works. */
class ReadmeExampleTest {

    @Test
    void readmeSampleIsTheCompiledExample() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("README.md"))) {
            root = root.getParent();
        }
        assertThat(root).isNotNull();
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve(
                "core/src/test/java/dev/duplex/core/readme/ReadmeExample.java"));
        String sample = between(source, "// README:begin\n", "        // README:end");
        assertThat(readme).as("README.md contains the sample of ReadmeExample.java verbatim")
                .contains(unindent(sample, 8));
    }

    @Test
    void readmeSampleRuns() {
        assertThat(ReadmeExample.run()).isEqualTo("alice: 안녕, bob!");
    }

    private static String between(String text, String start, String end) {
        int s = text.indexOf(start);
        int e = text.indexOf(end, s);
        assertThat(s).isNotNegative();
        assertThat(e).isGreaterThan(s);
        return text.substring(s + start.length(), e);
    }

    private static String unindent(String block, int columns) {
        return Arrays.stream(block.split("\n", -1))
                .map(line -> line.length() >= columns ? line.substring(columns) : line.strip())
                .collect(Collectors.joining("\n"));
    }
}
