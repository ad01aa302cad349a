package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.duplex.core.testing.ChildProcess;
import dev.duplex.core.testing.NestedMaven;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Windows or macOS distribution built on this machine ({@code -Pcross-dist}): a copy of the source
 * tree is packaged with {@code -Djavacpp.platform.host= -Djavacpp.platform=X} (by the Maven running
 * this build, with its local repository), and the archive must hold X's OpenCV natives and no other
 * platform's. Such an archive cannot run here; {@link DistributionTest} runs the host's.
 */
class CrossPlatformDistributionTest {
    private static final Path ROOT = Path.of(System.getProperty("duplex.source.root", "..")).normalize();
    private static final Path WORK = Path.of(System.getProperty("basedir", "."), "target", "cross-dist");
    private static final Duration LIMIT = Duration.ofMinutes(15);
    private static final Set<String> SKIPPED = Set.of("target", ".git", ".idea", ".vscode");
    private static Path source;

    static List<String> platforms() {
        String list = System.getProperty("duplex.dist.crossPlatforms", "");
        return list.isBlank() ? List.of() : List.of(list.trim().split("\\s*,\\s*"));
    }

    @BeforeAll
    static void copyTheSourceTree() throws IOException {
        assumeFalse(platforms().isEmpty(), "no platforms named (-Pcross-dist names them)");
        source = WORK.resolve("source");
        if (Files.exists(source)) {
            try (Stream<Path> old = Files.walk(source)) {
                for (Path p : old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> !skipped(ROOT.relativize(p))).toList()) {
                Path copy = source.resolve(ROOT.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platforms")
    void anArchiveForAnotherPlatformHoldsThatPlatformsNatives(String platform) throws Exception {
        ChildProcess build = ChildProcess.run(mavenPackage(platform), source, NestedMaven.environment(), LIMIT,
                WORK, "build-" + platform);
        System.out.printf("%s: build took %d s%n", platform, build.took().toSeconds());
        assertThat(build.exitCode()).as("the build; its output is in " + WORK).isZero();

        Path zip;
        try (Stream<Path> zips = Files.list(source.resolve("cli/target"))) {
            zip = zips.filter(p -> p.getFileName().toString().endsWith("-" + platform + ".zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no archive named after " + platform));
        }
        System.out.printf("%s: %s, %d MiB%n", platform, zip.getFileName(), Files.size(zip) >> 20);
        List<String> lib = Archives.fileNames(zip, "lib");
        List<String> natives = lib.stream()
                .filter(n -> n.matches("(opencv|openblas|javacpp)-.*-(linux|macosx|windows|android|ios)-.*\\.jar")).toList();
        assertThat(natives).as("JavaCPP natives in lib/").containsExactlyInAnyOrder(
                lib.stream().filter(n -> n.startsWith("opencv-") && n.endsWith("-" + platform + ".jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("no OpenCV natives for " + platform + " in " + lib)),
                lib.stream().filter(n -> n.startsWith("openblas-") && n.endsWith("-" + platform + ".jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("no OpenBLAS natives for " + platform + " in " + lib)),
                lib.stream().filter(n -> n.startsWith("javacpp-") && n.endsWith("-" + platform + ".jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("no JavaCPP natives for " + platform + " in " + lib)));
        assertThat(libraryFiles(zip, natives.stream().filter(n -> n.startsWith("opencv-")).findFirst().orElseThrow(), platform))
                .as("OpenCV's own libraries for " + platform)
                .anyMatch(name -> name.contains("opencv_videoio") && name.endsWith(platform.startsWith("windows") ? ".dll" : ".dylib"));
    }

    private static List<String> mavenPackage(String platform) {
        return NestedMaven.command(List.of("-q", "-DskipTests", "-Djavacpp.platform.host=",
                "-Djavacpp.platform=" + platform, "package", "-pl", "cli", "-am"));
    }

    /** The names of the shared libraries under {@code org/bytedeco/opencv/PLATFORM/} in a jar of the archive's lib/. */
    private static List<String> libraryFiles(Path zip, String jarName, String platform) throws IOException {
        Path jar = WORK.resolve(jarName);
        try (FileSystem archive = FileSystems.newFileSystem(zip); Stream<Path> top = Files.list(archive.getPath("/"))) {
            Files.copy(top.findFirst().orElseThrow().resolve("lib").resolve(jarName), jar,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileSystem natives = FileSystems.newFileSystem(jar);
             Stream<Path> files = Files.list(natives.getPath("org/bytedeco/opencv/" + platform))) {
            return files.map(p -> p.getFileName().toString()).toList();
        } finally {
            Files.delete(jar);
        }
    }
}
