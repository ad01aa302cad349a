package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./duplex} (bash) and {@code duplex.cmd} (Windows) are kept in step: the same subcommands,
 * listed as the program has them, the same build command and the same main class. duplex.cmd cannot
 * run here; this is what keeps it from falling behind.
 */
class LaunchScriptsTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..").normalize();
    private static final Pattern USAGE = Pattern.compile("(?m)^(?:#|rem)\\s+duplex ((?:\\S+ \\| )+\\S+)\\s*$");
    private static final Pattern BUILD = Pattern.compile("(?m)^.*?\\bmvn (-B [^>)]*?)\\s*[>)]");

    private static String read(String name) throws IOException {
        return Files.readString(ROOT.resolve(name), StandardCharsets.UTF_8);
    }

    private static List<String> usage(String script) {
        Matcher m = USAGE.matcher(script);
        assertThat(m.find()).as("a usage line '# duplex a | b | ...'").isTrue();
        return List.of(m.group(1).split(" \\| "));
    }

    private static List<String> buildCommand(String script) {
        Matcher m = BUILD.matcher(script);
        assertThat(m.find()).as("a Maven build line").isTrue();
        List<String> args = Arrays.asList(m.group(1).trim().split("\\s+"));
        assertThat(m.find()).as("one build line only").isFalse();
        return args;
    }

    @Test
    void bothLaunchersListTheSubcommandsTheProgramHas() throws IOException {
        List<String> bash = usage(read("duplex"));
        List<String> cmd = usage(read("duplex.cmd"));
        assertThat(cmd).isEqualTo(bash);

        Set<String> program = new LinkedHashSet<>(Duplex.commandLine().getSubcommands().keySet());
        program.add("--help");
        assertThat(bash).containsExactlyInAnyOrderElementsOf(program);
    }

    @Test
    void bothLaunchersBuildTheSameWayAndRunTheSameMainClass() throws IOException {
        String bash = read("duplex");
        String cmd = read("duplex.cmd");
        assertThat(buildCommand(cmd)).isEqualTo(buildCommand(bash))
                .contains("package", "-DskipTests").containsSequence("-pl", "cli", "-am");
        String main = Duplex.class.getName();
        assertThat(bash).contains(" " + main + " \"$@\"");
        assertThat(cmd).contains(" " + main + " %*");
        for (String script : List.of(bash, cmd)) {
            assertThat(script).as("the distribution's lib and the build's jar")
                    .contains("lib").contains("cli", "target", "duplex.jar")
                    .contains("Java 17 or newer is needed").contains("JAVA_HOME").contains("DUPLEX_JAVA_OPTS");
        }
    }

    @Test
    void bothLaunchersGiveTheVideoAppTheSameCompilerBeforeTheUsersOptions() throws IOException {
        String bash = read("duplex");
        String cmd = read("duplex.cmd");
        // DistributionTest runs bin/duplex and reads the JVM's flags; cmd.exe cannot run here.
        assertThat(bash).contains("if [ \"${1:-}\" = video ]; then\n  JIT_OPTS=\"-XX:TieredStopAtLevel=1\"")
                .contains("exec \"$JAVA\" $JIT_OPTS ${DUPLEX_JAVA_OPTS:-} -cp");
        assertThat(cmd).contains("if /i \"%~1\"==\"video\" set \"DUPLEX_JIT_OPTS=-XX:TieredStopAtLevel=1\"")
                .contains("\"%DUPLEX_JAVA%\" %DUPLEX_JIT_OPTS% %DUPLEX_JAVA_OPTS% -cp");
    }

    @Test
    void theWindowsLauncherIsPlainAsciiWithoutParenthesisedBlocks() throws IOException {
        byte[] bytes = Files.readAllBytes(ROOT.resolve("duplex.cmd"));
        // cmd.exe reads a batch file in the console's code page: only ASCII means the same everywhere.
        for (byte b : bytes) {
            assertThat(b & 0xff).as("byte in duplex.cmd").isLessThan(0x80);
        }
        // A variable holding "C:\Program Files (x86)\..." ends such a block early; the script uses goto.
        for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\r?\n")) {
            if (!line.startsWith("rem ") && !line.startsWith("echo ")) {
                assertThat(line).as("a code line of duplex.cmd").doesNotMatch(".*\\)\\s*$").doesNotMatch(".*\\(\\s*$");
            }
        }
    }
}
