package dev.duplex.video.testkit;

import dev.duplex.core.testing.PythonProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Starts the lecture's Python programs (core's test resources {@code /lecture/*.py}) with core's
 * {@link PythonProcess}. That class runs the script from a file, but from this module core's tests
 * come as a jar (from the local repository, or from the reactor in {@code mvn verify}); so the
 * script is first copied into this module's test classes, which come first on the class path.
 */
public final class LecturePrograms {
    private LecturePrograms() {
    }

    /** {@link PythonProcess#start} with the script available as a file. */
    public static PythonProcess start(String script, String... args) throws IOException {
        asFile(script);
        return PythonProcess.start(script, args);
    }

    private static synchronized void asFile(String script) throws IOException {
        String resource = "/lecture/" + script;
        URL url = PythonProcess.class.getResource(resource);
        if (url == null) {
            throw new IOException("No test resource " + resource + ": is core's test-jar a test dependency?");
        }
        if ("file".equals(url.getProtocol())) {
            return;
        }
        Path classes;
        try {
            classes = Path.of(LecturePrograms.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Cannot locate this module's test classes", e);
        }
        Path file = classes.resolve(resource.substring(1));
        Files.createDirectories(file.getParent());
        try (InputStream in = url.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
