package dev.duplex.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public type and member of the published API has a comment. The javadoc jars' build runs
 * doclint without its "missing" group (which also wants an {@code @param} and {@code @return} on
 * every method, even where the sentence says it all), so this is where a public type or method
 * added without any comment fails: the sources of core's API packages and of the test kit are
 * compiled with {@code -Xdoclint:missing}, and any "no comment" warning is a failure.
 */
class ApiJavadocTest {
    private static final Path CORE = Path.of("").toAbsolutePath();
    private static final Path INTERNAL = Path.of("dev", "duplex", "core", "internal");
    private static final String WHAT_TO_DO =
            "public types and members without a javadoc comment (give each one: what it is for, in a sentence)";

    @TempDir
    Path classes;

    @Test
    void everyPublicTypeAndMemberOfCoresApiHasAComment() throws IOException {
        assertThat(uncommented(CORE.resolve("src/main/java"),
                "-Xdoclint/package:-dev.duplex.core.internal,-dev.duplex.core.internal.*")).as(WHAT_TO_DO).isEmpty();
    }

    @Test
    void everyPublicTypeAndMemberOfTheTestKitHasAComment() throws IOException {
        assertThat(uncommented(CORE.resolveSibling("testkit").resolve("src/main/java"), "-Xdoclint/package:dev.*"))
                .as(WHAT_TO_DO).isEmpty();
    }

    /** The "no comment" warnings of doclint over the sources under {@code root}, as "File.java:LINE". */
    private List<String> uncommented(Path root, String packages) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
             Stream<Path> tree = Files.walk(root)) {
            // Internal sources are not compiled again: the API's sources find them on the class path.
            List<Path> sources = tree.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !root.relativize(file).startsWith(INTERNAL)).toList();
            assertThat(sources).as("sources under " + root).isNotEmpty();
            List<String> options = List.of("-d", classes.toString(), "-proc:none", "--release", "17",
                    "-cp", System.getProperty("java.class.path"), "-Xdoclint:missing/protected", packages, "-Xmaxwarns", "100000");
            boolean compiled = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            assertThat(compiled).as("compiling %s: %s", root, diagnostics.getDiagnostics()).isTrue();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.WARNING && d.getMessage(Locale.ROOT).contains("no comment"))
                .map(d -> Path.of(d.getSource().getName()).getFileName() + ":" + d.getLineNumber())
                .toList();
    }
}
