package dev.duplex.video.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A WAV file spoken in real time, from the start again when it ends (like a video file source).
 * Any PCM WAV Java can convert is taken: other rates and stereo become 48 kHz mono on the way.
 */
public final class WavFileSource implements AudioSource {
    private final Path file;
    private final FrameClock clock = new FrameClock(5);
    private final byte[] bytes = new byte[Pcm.FRAME_BYTES];
    private AudioInputStream stream;
    private volatile boolean closed;

    private WavFileSource(Path file, AudioInputStream stream) {
        this.file = file;
        this.stream = stream;
    }

    /**
     * Opens {@code file} and checks it can be read as 48 kHz mono.
     *
     * @throws AudioUnavailableException with a sentence if it does not exist or cannot be converted
     */
    public static WavFileSource open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AudioUnavailableException("The sound file " + file + " does not exist: check the path.");
        }
        return new WavFileSource(file, openStream(file));
    }

    private static AudioInputStream openStream(Path file) {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            AudioInputStream original;
            try {
                original = AudioSystem.getAudioInputStream(in);
            } catch (UnsupportedAudioFileException | IOException e) {
                in.close();
                throw e;
            }
            try {
                return AudioSystem.getAudioInputStream(Pcm.FORMAT, original);
            } catch (IllegalArgumentException e) {
                original.close();
                throw new AudioUnavailableException("Cannot play " + file + " (" + original.getFormat()
                        + "): save it as a 16-bit PCM WAV, 48000 Hz mono.", e);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new AudioUnavailableException("Cannot play " + file + ": it is not a WAV file Java can read "
                    + "(save it as a 16-bit PCM WAV, 48000 Hz mono).", e);
        } catch (IOException e) {
            throw new AudioUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long read(short[] frame) throws InterruptedException {
        if (closed) {
            return END;
        }
        long captured = clock.awaitFrameEnd();
        try {
            int n = readFully(0);
            if (n < bytes.length) {
                // At the end: play it again (the rest of this frame from the start).
                stream.close();
                stream = openStream(file);
                int more = readFully(n);
                if (n + more == 0) {
                    throw new AudioUnavailableException("The sound file " + file + " has no sound in it.");
                }
                Arrays.fill(bytes, n + more, bytes.length, (byte) 0);
            }
        } catch (IOException e) {
            if (closed) {
                return END;
            }
            throw new AudioUnavailableException("The sound file " + file + " cannot be read any more: "
                    + e.getMessage(), e);
        }
        Pcm.fromBytes(bytes, frame);
        return closed ? END : captured;
    }

    /** Reads into {@code bytes} from {@code offset} up to its end or the stream's; returns how many were read. */
    private int readFully(int offset) throws IOException {
        int filled = offset;
        while (filled < bytes.length) {
            int n = stream.read(bytes, filled, bytes.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled - offset;
    }

    @Override
    public String description() {
        return "file " + file;
    }

    @Override
    public void close() {
        closed = true;
        try {
            stream.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
