package dev.duplex.core.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library samples shown in README.md and on the javadoc's first page are the code of
 * examples/library-consumer, which `mvn verify` compiles and runs against the installed jars
 * (the Maven Invoker run of the examples module).
 */
class ReadmeSamplesTest {
    private static final Path ROOT = root();
    private static final Path CONSUMER = ROOT.resolve("examples/library-consumer/src/main/java/com/example/duplex");

    @Test
    void readmeShowsTheConsumersFirstExample() throws IOException {
        assertThat(readme()).as("README.md contains the sample of ReadmeExample.java verbatim")
                .contains(sample("ReadmeExample.java", "README"));
    }

    @Test
    void readmeShowsTheConsumersBot() throws IOException {
        assertThat(readme()).as("README.md contains the sample of PingBot.java verbatim")
                .contains(sample("PingBot.java", "README-bot"));
    }

    @Test
    void javadocOverviewStartsFromTheFirstExample() throws IOException {
        String overview = Files.readString(ROOT.resolve("core/src/main/javadoc/overview.html"));
        assertThat(overview).as("overview.html contains the sample of ReadmeExample.java verbatim")
                .contains("<pre>{@code\n" + sample("ReadmeExample.java", "README") + "}</pre>");
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    /** The lines between {@code // NAME:begin} and {@code // NAME:end}, unindented to column 0. */
    private static String sample(String file, String name) throws IOException {
        String source = Files.readString(CONSUMER.resolve(file));
        String start = "// " + name + ":begin\n";
        int s = source.indexOf(start);
        int e = source.indexOf("        // " + name + ":end", s);
        assertThat(s).as(start + " in " + file).isNotNegative();
        assertThat(e).as(name + ":end in " + file).isGreaterThan(s);
        return Arrays.stream(source.substring(s + start.length(), e).split("\n", -1))
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n"));
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the source tree's root (with README.md)").isNotNull();
        return dir;
    }
}
