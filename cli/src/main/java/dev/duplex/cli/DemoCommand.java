package dev.duplex.cli;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./duplex demo}: a relay and two participants on this machine. With a display it opens
 * their windows; without one (or with {@code --headless}) two headless clients exchange text and
 * video for a few seconds and a summary is printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A relay and two participants on this machine: windows if there is a display, "
                + "else a headless exchange of text and video with a summary.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--headless", description = "Run the headless exchange even if a display is available.")
    boolean headless;

    /** How long the headless exchange runs unless --seconds says otherwise. */
    static final int HEADLESS_SECONDS = 3;

    @Option(names = "--seconds", paramLabel = "N", description = "How long the headless exchange runs (default: "
            + HEADLESS_SECONDS + "); with windows, close them after N seconds (default: when you close them).")
    Integer seconds;

    @Option(names = "--screenshot", hidden = true, description = "Save a PNG of the screen once the windows are up.")
    Path screenshot;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && (seconds < 1 || seconds > 600)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be between 1 and 600 (got " + seconds + ").");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!headless && !GraphicsEnvironment.isHeadless()) {
            return new WindowedDemo(seconds == null ? 0 : seconds, screenshot).run(out);
        }
        HeadlessDemo.Summary summary = new HeadlessDemo(seconds == null ? HEADLESS_SECONDS : seconds).run(out);
        out.println(summary.format());
        if (!headless) {
            out.println("No display found. On a desktop, ./duplex demo opens a relay, two chat windows and two "
                    + "video windows instead.");
        }
        out.flush();
        return summary.ok() ? 0 : 1;
    }
}
