package dev.duplex.video.audio;

import dev.duplex.core.transport.Clock;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The system's default microphone through {@code javax.sound.sampled}, at 48 kHz mono. Reading
 * blocks until the hardware has captured 20 ms, so it paces the sending loop itself.
 */
public final class MicrophoneSource implements AudioSource {
    /** Frames the capture line may hold before the reader takes them (device latency, at most). */
    private static final int LINE_FRAMES = 4;

    private final TargetDataLine line;
    private final byte[] bytes = new byte[Pcm.FRAME_BYTES];
    private volatile boolean closed;

    private MicrophoneSource(TargetDataLine line) {
        this.line = line;
    }

    /**
     * Opens the default microphone.
     *
     * @throws AudioUnavailableException with a sentence if there is none or it is in use
     */
    public static MicrophoneSource open() {
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, Pcm.FORMAT);
        try {
            if (!AudioSystem.isLineSupported(info)) {
                throw new AudioUnavailableException("No microphone found that records 48 kHz mono sound.");
            }
            TargetDataLine line = (TargetDataLine) AudioSystem.getLine(info);
            line.open(Pcm.FORMAT, Pcm.FRAME_BYTES * LINE_FRAMES);
            line.start();
            return new MicrophoneSource(line);
        } catch (LineUnavailableException e) {
            throw new AudioUnavailableException("The microphone is in use by another program or not allowed ("
                    + e.getMessage() + ").", e);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new AudioUnavailableException("No microphone can be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public long read(short[] frame) throws InterruptedException {
        int filled = 0;
        while (filled < bytes.length) {
            if (closed || Thread.currentThread().isInterrupted()) {
                return END;
            }
            int n = line.read(bytes, filled, bytes.length - filled);
            if (n <= 0 && !line.isOpen()) {
                return END;
            }
            filled += Math.max(0, n);
        }
        // The frame's first sample was spoken one frame, plus what still waits in the line, ago.
        long waiting = line.available() / 2 * 1_000_000L / Pcm.SAMPLE_RATE;
        Pcm.fromBytes(bytes, frame);
        return Clock.nowMicros() - Pcm.FRAME_MICROS - waiting;
    }

    @Override
    public String description() {
        return "microphone";
    }

    @Override
    public void close() {
        closed = true;
        line.stop();
        line.close();
    }
}
