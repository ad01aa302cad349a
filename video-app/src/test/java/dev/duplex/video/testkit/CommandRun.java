package dev.duplex.video.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.video.VideoCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** One run of {@code duplex video ARGS} with its output captured, and the summary line's keys. */
public final class CommandRun {
    public final StringWriter out = new StringWriter();
    public final StringWriter err = new StringWriter();
    public int exitCode = -1;

    public CommandRun execute(String... args) {
        CommandLine cli = new CommandLine(new VideoCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exitCode = cli.execute(args);
        return this;
    }

    /** What was printed so far (the run may still go on in another thread). */
    public String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    /** The {@code key=value} tokens of the {@code summary} line in {@code output} (fails without one). */
    public static Map<String, String> summary(String output) {
        Matcher line = Pattern.compile("(?m)^summary (.*)$").matcher(output);
        assertThat(line.find()).as("a summary line in:%n%s", output).isTrue();
        Map<String, String> tokens = new HashMap<>();
        for (String token : line.group(1).trim().split(" ")) {
            String[] kv = token.split("=", 2);
            tokens.put(kv[0], kv[1]);
        }
        return tokens;
    }
}
