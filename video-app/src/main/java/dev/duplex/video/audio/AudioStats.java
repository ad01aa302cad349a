package dev.duplex.video.audio;

import dev.duplex.video.stats.LatencyRecorder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of a call's voice, written by the capture and playout threads and the event loop
 * without locks, read by the stats sampler once a second. What the jitter buffers count (played,
 * concealed, late, skipped) is summed by {@link RemoteVoices}.
 */
public final class AudioStats {
    /** Frames read from the source. */
    public final LongAdder captured = new LongAdder();
    /** Frames not sent because of mute or push-to-talk. */
    public final LongAdder muted = new LongAdder();
    /** Frames not sent because no connection takes audio (not connected, or a peer without it). */
    public final LongAdder notNegotiated = new LongAdder();
    /** Frames encoded and offered to the connection. */
    public final LongAdder encoded = new LongAdder();
    /** Bytes of the packets encoded. */
    public final LongAdder encodedBytes = new LongAdder();
    /** Packets received. */
    public final LongAdder received = new LongAdder();
    /** Packets from senders beyond the most voices played at once (not played). */
    public final LongAdder refused = new LongAdder();
    /** Frames the sink was given. */
    public final LongAdder played = new LongAdder();

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder transit = new LatencyRecorder();
    private volatile float localLevel;

    /** Mouth-to-ear delay of every packet played: capture at the sender to the sound leaving the sink. */
    public LatencyRecorder latency() {
        return latency;
    }

    /**
     * Capture at the sender to arrival here, of every packet received: the part of the delay that is
     * the sender and the network (the rest is the jitter buffer and the playout).
     */
    public LatencyRecorder transit() {
        return transit;
    }

    /** The microphone's loudness of the last frame, 0-1 (shown even while muted). */
    public float localLevel() {
        return localLevel;
    }

    void localLevel(float value) {
        localLevel = value;
    }
}
