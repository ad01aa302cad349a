package dev.duplex.video.testkit;

import dev.duplex.video.audio.AudioSink;
import dev.duplex.video.audio.Pcm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A sound output that keeps the last {@code keep} frames it was given that were not silent, for checks. */
public final class RecordingSink implements AudioSink {
    private final int keep;
    private final ArrayDeque<short[]> heard = new ArrayDeque<>();
    private long frames;
    private long audible;
    private volatile boolean closed;

    public RecordingSink(int keep) {
        this.keep = keep;
    }

    @Override
    public synchronized void play(short[] frame) {
        frames++;
        if (Pcm.level(frame) > 0.01) {
            audible++;
            heard.add(frame.clone());
            if (heard.size() > keep) {
                heard.poll();
            }
        }
    }

    /** Frames played, silent or not. */
    public synchronized long frames() {
        return frames;
    }

    /** Frames played that were not silent. */
    public synchronized long audible() {
        return audible;
    }

    /** The last audible frames, oldest first. */
    public synchronized List<short[]> lastHeard() {
        return new ArrayList<>(heard);
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String description() {
        return "test recorder";
    }

    @Override
    public void close() {
        closed = true;
    }
}
