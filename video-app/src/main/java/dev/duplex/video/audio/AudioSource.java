package dev.duplex.video.audio;

/**
 * Where the local voice comes from, 20 ms at a time: a microphone, a test tone, a WAV file. A source
 * paces itself (a microphone by its hardware, the others by the clock), so a loop that reads it
 * runs at the speed of sound. Used by one thread; {@link #close()} may come from another and ends a
 * waiting {@link #read}.
 */
public interface AudioSource extends AutoCloseable {
    /** What {@link #read} returns when the source has nothing more. */
    long END = -1;

    /**
     * Fills {@code frame} ({@link Pcm#FRAME_SAMPLES} samples) with the next 20 ms, waiting until they
     * have been "spoken".
     *
     * @return the capture time of the frame's first sample (microseconds since the epoch, this
     *         machine's clock), or {@link #END}
     */
    long read(short[] frame) throws InterruptedException;

    /** "microphone", "440 Hz tone", "file speech.wav". */
    String description();

    /** Releases the device or file. Idempotent. */
    @Override
    void close();
}
