package dev.duplex.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.testing.ChildProcess;
import dev.duplex.core.testing.NestedMaven;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API check (japicmp, execution {@code api-check} of core's POM) meets a change as a pull request
 * would bring it: one API source file is changed in a copy, compiled over a copy of this build's
 * classes, and the jar made of them is checked against {@code api-baseline/} by a nested Maven run of
 * the real configuration. A removed method fails it; additions pass, among them a new default method
 * on a listener, the way new callbacks are added.
 */
class ApiCheckTest {
    private static final Path CORE = Path.of("").toAbsolutePath();
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path work;

    @Test
    void aRemovedApiMethodFailsTheCheck() throws Exception {
        Path jar = changedJar(Map.of("session/Session.java", source -> without(source, "    SessionStats stats();\n")));

        ChildProcess check = apiCheck(jar);

        assertThat(check.exitCode()).as("the API check of a jar without Session.stats(): %s", check).isNotZero();
        assertThat(check.out()).contains("dev.duplex.core.session.Session.stats()").contains("METHOD_REMOVED");
    }

    @Test
    void addedApiMethodsPassTheCheck() throws Exception {
        Path jar = changedJar(Map.of(
                "session/SessionListener.java", source -> beforeLastBrace(source,
                        "    default void onSomethingNew(Session session) {\n    }\n"),
                "session/Session.java", source -> beforeLastBrace(source, "    int somethingNew();\n")));

        ChildProcess check = apiCheck(jar);

        assertThat(check.exitCode()).as("the API check of a jar with two methods added: %s", check).isZero();
        assertThat(Files.readString(CORE.resolve("target/japicmp/api-check.diff")))
                .as("the check's report saw the additions").contains("onSomethingNew").contains("somethingNew");
    }

    /** This build's classes with the given API sources (relative to dev/duplex/core) changed and compiled, as a jar. */
    private Path changedJar(Map<String, UnaryOperator<String>> changes) throws IOException {
        Path classes = work.resolve("classes");
        copyTree(CORE.resolve("target/classes"), classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                "--release", "17", "-cp", classes + File.pathSeparator + System.getProperty("java.class.path")));
        for (var change : changes.entrySet()) {
            Path original = CORE.resolve("src/main/java/dev/duplex/core").resolve(change.getKey());
            Path changed = work.resolve("src").resolve(change.getKey());
            Files.createDirectories(changed.getParent());
            Files.writeString(changed, change.getValue().apply(Files.readString(original)));
            args.add(changed.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac " + args).isZero();
        Path jar = work.resolve("changed.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    /**
     * The API check of core's POM, run on {@code jar} (its reports in target/japicmp, where the build's
     * own go). In the reactor, after the (up to date) compile phase: japicmp puts the project's own
     * artifact on its class path, which the reactor then finds in target/classes, on a machine whose
     * local repository has no duplex-core installed too.
     */
    private ChildProcess apiCheck(Path jar) throws IOException, InterruptedException {
        List<String> command = NestedMaven.command(List.of("-f", CORE.resolveSibling("pom.xml").toString(),
                "-pl", CORE.getFileName().toString(), "-Dapi.check.jar=" + jar, "compile", "japicmp:cmp@api-check"));
        return ChildProcess.run(command, CORE, NestedMaven.environment(), LIMIT, work, "api-check");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String without(String source, String line) {
        assertThat(source).contains(line);
        return source.replace(line, "");
    }

    private static String beforeLastBrace(String source, String member) {
        int brace = source.lastIndexOf('}');
        return source.substring(0, brace) + member + source.substring(brace);
    }
}
