package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** With a display (Xvfb in CI), ./duplex demo opens the chat and video windows and closes them after a while. */
class WindowedDemoTest {

    @Test
    void demoOpensChatAndVideoWindowsAndSavesAScreenshot() throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display (run under xvfb-run)");
        Path shot = Path.of("target", "screenshots", "demo.png");
        Files.deleteIfExists(shot);
        StringWriter out = new StringWriter();
        int code = Duplex.run(new String[] {"demo", "--seconds", "3", "--screenshot", shot.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        assertThat(out.toString()).contains("chat windows for alice and bob", "video windows for alice and bob",
                "duplex demo ended");
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
