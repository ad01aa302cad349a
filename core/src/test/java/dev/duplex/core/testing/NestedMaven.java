package dev.duplex.core.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Maven build started by a test, with the running build's Maven, local repository and offline
 * setting, which the POM passes to surefire as {@code duplex.maven.home}, {@code duplex.maven.repo}
 * and {@code duplex.maven.offline} ({@code offline=true} or {@code offline=false}). Without them
 * (a test run from an IDE) it uses {@code mvn} from the PATH with its own defaults.
 */
public final class NestedMaven {
    private NestedMaven() {
    }

    /** {@code mvn -B ARGS} with the running build's local repository and offline setting. */
    public static List<String> command(List<String> args) {
        String home = System.getProperty("duplex.maven.home", "");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        List<String> command = new ArrayList<>();
        command.add(home.isBlank() ? "mvn" : Path.of(home, "bin", windows ? "mvn.cmd" : "mvn").toString());
        command.add("-B");
        String repo = System.getProperty("duplex.maven.repo", "");
        if (!repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        if (System.getProperty("duplex.maven.offline", "").equals("offline=true")) {
            command.add("-o");
        }
        command.addAll(args);
        return command;
    }

    /** This process's environment with JAVA_HOME set to the running JVM, so Maven uses the same Java. */
    public static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }
}
