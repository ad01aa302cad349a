package dev.duplex.video.audio;

/** A microphone, speaker or sound file cannot be opened; the message is a sentence for people. */
public class AudioUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AudioUnavailableException(String message) {
        super(message);
    }

    public AudioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
