package dev.duplex.video.headless;

import dev.duplex.video.pipeline.DecodedFrame;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.StatsSnapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The display of the headless mode: a decoded frame counts as shown the moment it is handed over
 * (that is where end-to-end latency is measured), the stats line is printed every second, and
 * connection news is printed as it comes. News from before the call started is held (at most
 * {@link #MAX_HELD} lines) and printed once it started: if it could not start, the one sentence
 * saying why is printed instead, not the same thing twice.
 */
public final class HeadlessDisplay implements DisplaySink {
    private final AtomicReference<CallStats> stats = new AtomicReference<>();
    /** Most lines of news held until the call started. */
    static final int MAX_HELD = 16;

    private final PrintWriter out;
    private final List<String> held = new ArrayList<>();
    private boolean started;

    public HeadlessDisplay(PrintWriter out) {
        this.out = out;
    }

    /** The call runs: the news held so far is printed, later news as it comes. */
    public synchronized void started() {
        started = true;
        held.forEach(out::println);
        held.clear();
        out.flush();
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
    public synchronized void status(String sentence) {
        if (!started) {
            if (held.size() < MAX_HELD) {
                held.add(sentence);
            }
            return;
        }
        out.println(sentence);
        out.flush();
    }

    @Override
    public void stats(StatsSnapshot snapshot) {
        out.println(snapshot.line());
        out.flush();
    }
}
