package dev.duplex.video.audio;

import java.util.concurrent.atomic.LongAdder;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The system's default sound output through {@code javax.sound.sampled}. At most
 * {@link #MAX_QUEUED_FRAMES} frames wait in the device: a frame that would wait longer is dropped
 * (counted), so a sound card whose clock runs slower than this machine's cannot build up delay.
 */
public final class SpeakerSink implements AudioSink {
    /** Frames that may wait in the device's buffer (60 ms). */
    public static final int MAX_QUEUED_FRAMES = 3;

    private final SourceDataLine line;
    private final byte[] bytes = new byte[Pcm.FRAME_BYTES];
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    private SpeakerSink(SourceDataLine line) {
        this.line = line;
    }

    /**
     * Opens the default output.
     *
     * @throws AudioUnavailableException with a sentence if there is none or it is in use
     */
    public static SpeakerSink open() {
        DataLine.Info info = new DataLine.Info(SourceDataLine.class, Pcm.FORMAT);
        try {
            if (!AudioSystem.isLineSupported(info)) {
                throw new AudioUnavailableException("No speaker or headphones found that play 48 kHz sound.");
            }
            SourceDataLine line = (SourceDataLine) AudioSystem.getLine(info);
            line.open(Pcm.FORMAT, Pcm.FRAME_BYTES * (MAX_QUEUED_FRAMES + 3));
            line.start();
            return new SpeakerSink(line);
        } catch (LineUnavailableException e) {
            throw new AudioUnavailableException("The sound output is in use by another program ("
                    + e.getMessage() + ").", e);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new AudioUnavailableException("No sound output can be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public void play(short[] frame) {
        if (closed) {
            return;
        }
        int queued = line.getBufferSize() - line.available();
        if (queued + Pcm.FRAME_BYTES > MAX_QUEUED_FRAMES * Pcm.FRAME_BYTES) {
            dropped.increment();
            return;
        }
        Pcm.toBytes(frame, bytes);
        line.write(bytes, 0, bytes.length);
    }

    @Override
    public long bufferedMicros() {
        return (line.getBufferSize() - line.available()) / 2 * 1_000_000L / Pcm.SAMPLE_RATE;
    }

    /** Frames dropped because the device had enough waiting. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public String description() {
        return "speaker";
    }

    @Override
    public void close() {
        closed = true;
        line.stop();
        line.close();
    }
}
