package dev.duplex.video.audio;

import dev.duplex.video.source.SourceUnavailableException;

/**
 * A microphone, speaker or sound file cannot be opened; the message is a sentence for people. A
 * kind of {@link SourceUnavailableException}, so whoever reports a camera that cannot be opened
 * reports this the same way.
 */
public class AudioUnavailableException extends SourceUnavailableException {
    private static final long serialVersionUID = 1L;

    public AudioUnavailableException(String message) {
        super(message);
    }

    public AudioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
