package dev.duplex.video.audio;

/**
 * Where the voices of the others go, 20 ms at a time: the speaker, a WAV file, or nowhere. Called by
 * the playout thread only; it must not block for long (a full device buffer drops the frame
 * instead). {@link #close()} may come from another thread.
 */
public interface AudioSink extends AutoCloseable {

    /** Plays one frame of {@link Pcm#FRAME_SAMPLES} samples (the sink must not keep the array). */
    void play(short[] frame);

    /** How long a sample written now waits in the device before it is heard (0 without a device). */
    default long bufferedMicros() {
        return 0;
    }

    /** "speaker", "no sound output", "file call.wav". */
    String description();

    /** Finishes (a file gets its final header) and releases the device. Idempotent. */
    @Override
    void close();
}
