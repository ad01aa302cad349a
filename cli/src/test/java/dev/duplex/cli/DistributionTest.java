package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duplex.core.security.Identity;
import dev.duplex.core.testing.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution zip as a person gets it (run by {@code mvn verify} after packaging): unpacked
 * into a folder whose path has a space and Hangul, started from another folder with nothing but
 * Java (and the shell for bin/duplex) on the PATH, no Maven, no source tree, no LANG.
 */
class DistributionTest {
    private static final Path ROOT = Path.of(System.getProperty("duplex.source.root", "..")).normalize();
    private static final Path ZIP = Path.of(System.getProperty("duplex.dist.zip", "target/missing.zip"));
    private static final String PLATFORM = System.getProperty("duplex.dist.platform", "");
    private static final String APP_IMAGE = System.getProperty("duplex.dist.appImage", "");
    private static final Path LOGS = Path.of(System.getProperty("basedir", "."), "target", "dist-test");
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final String DEMO_OK = "OK: every text was acknowledged and both sides received text and video.";

    @TempDir
    static Path temp;
    private static Path dist;
    private static Path javaOnly;
    private static Path home;

    @BeforeAll
    static void unpackAsAPersonWould() throws IOException {
        assertThat(ZIP).as("the archive made by mvn package").isRegularFile();
        long start = System.nanoTime();
        dist = Archives.unpack(ZIP, temp.resolve("내 프로그램 ü"));
        System.out.printf("unpacked %s (%d MiB) in %d ms%n", ZIP.getFileName(), Files.size(ZIP) >> 20,
                (System.nanoTime() - start) / 1_000_000);
        javaOnly = Files.createDirectories(temp.resolve("path with java only"));
        if (!OS.WINDOWS.isCurrentOs()) {
            Files.createSymbolicLink(javaOnly.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
            Files.createSymbolicLink(javaOnly.resolve("bash"), ChildProcess.onPath("bash").orElseThrow());
        }
        home = Files.createDirectories(temp.resolve("home 홈"));
    }

    /** PATH with only java and bash, a HOME, and nothing else: no LANG, no JAVA_HOME, no DISPLAY. */
    private static Map<String, String> javaOnlyEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", javaOnly.toString());
        env.put("HOME", home.toString());
        return env;
    }

    private static ChildProcess launch(Path launcher, Map<String, String> env, String name, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ChildProcess result = ChildProcess.run(command, temp, env, LIMIT, LOGS, name);
        System.out.printf("%s: %s took %d ms%n", name, String.join(" ", args), result.took().toMillis());
        return result;
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/duplex is the bash launcher")
    void theDemoRunsWithOnlyJavaOnThePath() throws Exception {
        ChildProcess demo = launch(dist.resolve("bin/duplex"), javaOnlyEnvironment(), "demo",
                "demo", "--headless", "--seconds", "2");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).as(demo.toString()).contains("alice texts sent", "bob   texts sent").contains(DEMO_OK);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/duplex is the bash launcher")
    void theRelayKeepsItsIdentityInADuplexHomeWithASpaceAndHangul() throws Exception {
        Path duplexHome = temp.resolve("데이터 폴더 ü");
        Map<String, String> env = javaOnlyEnvironment();
        env.put("DUPLEX_HOME", duplexHome.toString());
        ChildProcess server = launch(dist.resolve("bin/duplex"), env, "server",
                "server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1");
        assertThat(server.exitCode()).as(server.toString()).isZero();
        Path identity = duplexHome.resolve("relay").resolve(Identity.FILE_NAME);
        assertThat(identity).isRegularFile();
        assertThat(server.out()).contains("duplex relay listening on 127.0.0.1:")
                .contains("The relay's identity is " + Identity.loadOrCreate(identity.getParent()).fingerprint())
                .contains("duplex relay stopped");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/duplex is the bash launcher")
    void theVideoAppCompilesWithC1OnlyAndTheOthersWithBothCompilers() throws Exception {
        Map<String, String> env = javaOnlyEnvironment();
        env.put("DUPLEX_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        Pattern c1Only = Pattern.compile("TieredStopAtLevel\\s+= 1\\s");
        ChildProcess video = launch(dist.resolve("bin/duplex"), env, "video-jit", "video", "--help");
        assertThat(video.exitCode()).as(video.toString()).isZero();
        assertThat(video.out()).containsPattern(c1Only).contains("--no-adapt");
        ChildProcess server = launch(dist.resolve("bin/duplex"), env, "server-jit", "server", "--help");
        assertThat(server.exitCode()).as(server.toString()).isZero();
        assertThat(server.out()).containsPattern("TieredStopAtLevel\\s+= 4\\s").doesNotContainPattern(c1Only);

        env.put("DUPLEX_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=4");
        ChildProcess overridden = launch(dist.resolve("bin/duplex"), env, "video-c2", "video", "--help");
        assertThat(overridden.out()).as("DUPLEX_JAVA_OPTS comes last").doesNotContainPattern(c1Only);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/duplex is the bash launcher")
    void withoutJavaTheLauncherSaysWhatToInstall() throws Exception {
        Path shellOnly = Files.createDirectories(temp.resolve("path without java"));
        if (!Files.exists(shellOnly.resolve("bash"))) {
            Files.createSymbolicLink(shellOnly.resolve("bash"), ChildProcess.onPath("bash").orElseThrow());
        }
        Map<String, String> env = javaOnlyEnvironment();
        env.put("PATH", shellOnly.toString());
        ChildProcess none = launch(dist.resolve("bin/duplex"), env, "no-java", "demo");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).startsWith("duplex: Java 17 or newer is needed").contains("JAVA_HOME");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/duplex is the bash launcher")
    void aLauncherLinkedFromAnotherFolderFindsItsLib() throws Exception {
        Path links = Files.createDirectories(temp.resolve("my bin"));
        Files.createSymbolicLink(links.resolve("duplex"), links.relativize(dist.resolve("bin/duplex")));
        Path tools = Files.createDirectories(temp.resolve("path with readlink"));
        for (String tool : List.of("java", "bash")) {
            Files.createSymbolicLink(tools.resolve(tool), javaOnly.resolve(tool).toRealPath());
        }
        Files.createSymbolicLink(tools.resolve("readlink"), ChildProcess.onPath("readlink").orElseThrow());
        Map<String, String> env = javaOnlyEnvironment();
        env.put("PATH", tools.toString());
        ChildProcess version = launch(links.resolve("duplex"), env, "linked", "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("duplex ");
    }

    @Test
    void theArchiveHoldsBothLaunchersAsTheyAreInTheSourceTree() throws IOException {
        Path bash = dist.resolve("bin/duplex");
        assertThat(Files.isExecutable(bash)).as("bin/duplex is executable once unzipped").isTrue();
        assertThat(Files.readString(bash)).isEqualTo(Files.readString(ROOT.resolve("duplex")));
        String cmd = Files.readString(dist.resolve("bin/duplex.cmd"), StandardCharsets.US_ASCII);
        assertThat(cmd.replace("\r\n", "")).as("every line of duplex.cmd ends with CR LF").doesNotContain("\n");
        assertThat(cmd.replace("\r\n", "\n"))
                .isEqualTo(Files.readString(ROOT.resolve("duplex.cmd")).replace("\r\n", "\n"));
        assertThat(dist.resolve("README.md")).isRegularFile();
        assertThat(dist).satisfies(d -> assertThat(Files.exists(d.resolve("pom.xml"))).isFalse());
    }

    @Test
    void theLibFolderHasThisPlatformsOpenCvNatives() throws IOException {
        assumeTrue(PLATFORM.contains("-"), "the host is not one JavaCPP builds for");
        List<String> lib = Archives.fileNames(ZIP, "lib");
        assertThat(lib).anyMatch(name -> name.matches("opencv-[0-9.]+-[0-9.]+-" + PLATFORM + "\\.jar"))
                .anyMatch(name -> name.matches("duplex-cli-.*\\.jar"));
        assertThat(lib).filteredOn(name -> name.matches("(opencv|openblas|javacpp)-.*-(linux|macosx|windows)-.*\\.jar"))
                .as("only this platform's natives").allMatch(name -> name.endsWith("-" + PLATFORM + ".jar"));
    }

    @Test
    void theAppImageRunsTheDemoWithItsOwnJava() throws Exception {
        assumeTrue(!APP_IMAGE.isBlank(), "no app image: it is built with -Papp-image where jpackage exists");
        // jpackage's layout differs per system.
        String os = System.getProperty("os.name", "");
        Path launcher = Path.of(APP_IMAGE).resolve(os.startsWith("Windows") ? "duplex/duplex.exe"
                : os.startsWith("Mac") ? "duplex.app/Contents/MacOS/duplex" : "duplex/bin/duplex");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", Files.createDirectories(temp.resolve("empty path")).toString());
        env.put("HOME", home.toString());
        ChildProcess demo = launch(launcher, env, "app-image-demo",
                "demo", "--headless", "--seconds", "2");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains(DEMO_OK);
    }
}
