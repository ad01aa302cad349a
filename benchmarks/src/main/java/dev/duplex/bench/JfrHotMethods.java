package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * An in-process Flight Recorder profile of one phase, on request ({@code -Dduplex.bench.profile=true}):
 * counts execution samples by their top Java frame and prints the hottest methods.
 */
public final class JfrHotMethods {
    private final Recording recording;

    private JfrHotMethods(Recording recording) {
        this.recording = recording;
    }

    /** Starts a recording when {@code duplex.bench.profile} is true, else returns null. */
    public static JfrHotMethods startIfAsked() {
        if (!Boolean.getBoolean("duplex.bench.profile")) {
            return null;
        }
        Recording r = new Recording();
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        r.start();
        return new JfrHotMethods(r);
    }

    /** Stops and returns the {@code top} hottest top frames with their share of samples. */
    public String stopAndSummarize(int top) throws IOException {
        recording.stop();
        Path file = Files.createTempFile("duplex-bench", ".jfr");
        try {
            recording.dump(file);
            Map<String, Integer> counts = new HashMap<>();
            int total = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame f = e.getStackTrace().getFrames().get(0);
                String key = e.getEventType().getName().replace("jdk.", "") + " "
                        + f.getMethod().getType().getName() + "." + f.getMethod().getName();
                counts.merge(key, 1, Integer::sum);
                total++;
            }
            StringBuilder out = new StringBuilder();
            int all = Math.max(1, total);
            counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                    .forEach(en -> out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n",
                            100.0 * en.getValue() / all, en.getKey())));
            return out.toString();
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }
}
