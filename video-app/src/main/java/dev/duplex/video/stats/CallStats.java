package dev.duplex.video.stats;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.codec.EncodeSettings;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one video call, written by its threads (capture, encoder, event loop, decoder,
 * EDT) without locks and read once a second by the {@link StatsSampler}. Every dropped frame is
 * counted at the hand-off where it was dropped.
 */
public final class CallStats {
    /** Frames read from the source. */
    public final LongAdder captured = new LongAdder();
    /** Frames replaced in the capture → encoder slot (the encoder was behind). */
    public final LongAdder droppedCapture = new LongAdder();
    /** Frames compressed. */
    public final LongAdder encoded = new LongAdder();
    /** Bytes of the frames compressed. */
    public final LongAdder encodedBytes = new LongAdder();
    /** Frames that could not be encoded. */
    public final LongAdder encodeErrors = new LongAdder();
    /** Nanoseconds the encoder waited for the receiver's flow control (its decoder or the link was behind). */
    public final LongAdder heldByReceiverNanos = new LongAdder();
    /** Frames not offered because no peer was connected. */
    public final LongAdder notConnected = new LongAdder();
    /** Frames over the connection's video frame limit (not sent). */
    public final LongAdder oversize = new LongAdder();
    /** Frames received from peers. */
    public final LongAdder received = new LongAdder();
    /** JPEG bytes received. */
    public final LongAdder receivedBytes = new LongAdder();
    /** Frames replaced in the receive → decoder slot (the decoder was behind), or refused. */
    public final LongAdder droppedReceive = new LongAdder();
    /** Frames decoded. */
    public final LongAdder decoded = new LongAdder();
    /** Frames that could not be decoded. */
    public final LongAdder decodeErrors = new LongAdder();
    /** Decoded frames replaced before they were painted (the screen was behind). */
    public final LongAdder droppedDisplay = new LongAdder();
    /** Frames shown (painted, or handed to the headless sink). */
    public final LongAdder displayed = new LongAdder();

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder encodeTime = new LatencyRecorder();
    private final LatencyRecorder decodeTime = new LatencyRecorder();
    private final AtomicReference<EncodeSettings> settings;
    private final boolean latencyMeasured;
    private final long startNanos = System.nanoTime();
    /** When the first frame was handed to a connection, in seconds since the start; -1 before. */
    private volatile double firstOfferedSeconds = -1;
    private volatile long sentSize;
    private volatile long receivedSize;

    /** Counters that measure end-to-end latency (frames carry their capture time). */
    public CallStats(EncodeSettings initial) {
        this(initial, true);
    }

    /**
     * @param initial         the compression at the start
     * @param latencyMeasured false when frames carry no capture time (the lecture's format): shown
     *                        frames are counted, and latency stays "n/a"
     */
    public CallStats(EncodeSettings initial, boolean latencyMeasured) {
        this.settings = new AtomicReference<>(initial);
        this.latencyMeasured = latencyMeasured;
    }

    /** Called when a remote frame is shown: counts it and, if it has one, records capture → now. */
    public void onDisplayed(long captureMicros) {
        displayed.increment();
        if (latencyMeasured) {
            latency.record(Clock.nowMicros() - captureMicros);
        }
    }

    /** False when the frames carry no capture time, so that latency cannot be measured. */
    public boolean latencyMeasured() {
        return latencyMeasured;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    /** How long each frame's encoding took (the encoder thread; scaling included, waiting not). */
    public LatencyRecorder encodeTime() {
        return encodeTime;
    }

    /** How long each received frame's decoding took (the decoder thread; into a picture ready to paint). */
    public LatencyRecorder decodeTime() {
        return decodeTime;
    }

    /** The compression in use now. */
    public EncodeSettings settings() {
        return settings.get();
    }

    public void settings(EncodeSettings value) {
        settings.set(value);
    }

    public void sentSize(int width, int height) {
        sentSize = pack(width, height);
    }

    public void receivedSize(int width, int height) {
        receivedSize = pack(width, height);
    }

    /** Width of the last frame sent (0 before any). */
    public int sentWidth() {
        return (int) (sentSize >>> 32);
    }

    public int sentHeight() {
        return (int) sentSize;
    }

    public int receivedWidth() {
        return (int) (receivedSize >>> 32);
    }

    public int receivedHeight() {
        return (int) receivedSize;
    }

    /** A frame was handed to a connection (the encoder's thread); the first one's time is kept. */
    public void offered() {
        if (firstOfferedSeconds < 0) {
            firstOfferedSeconds = elapsedSeconds();
        }
    }

    /** When the first frame was handed to a connection, in seconds since the start, or -1 before. */
    public double firstOfferedSeconds() {
        return firstOfferedSeconds;
    }

    /** Seconds since these stats were created. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long pack(int width, int height) {
        return ((long) width << 32) | (height & 0xFFFFFFFFL);
    }
}
