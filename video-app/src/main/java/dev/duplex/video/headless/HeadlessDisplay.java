package dev.duplex.video.headless;

import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The display of the headless mode: a decoded frame counts as shown the moment it is handed over
 * (that is where end-to-end latency is measured), the stats line is printed every second, and
 * connection news is printed as it comes.
 */
public final class HeadlessDisplay implements DisplaySink {
    private final AtomicReference<CallStats> stats = new AtomicReference<>();
    private final PrintWriter out;

    public HeadlessDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void attach(CallStats callStats) {
        stats.set(callStats);
    }

    @Override
    public void showRemote(DecodedFrame frame) {
        CallStats s = stats.get();
        if (s != null) {
            s.onDisplayed(frame.captureMicros());
        }
        // Nothing here keeps the picture: it can be decoded into again.
        frame.recycle();
    }

    @Override
    public void status(String sentence) {
        out.println(sentence);
        out.flush();
    }

    @Override
    public void stats(StatsSnapshot snapshot) {
        out.println(snapshot.line());
        out.flush();
    }
}
