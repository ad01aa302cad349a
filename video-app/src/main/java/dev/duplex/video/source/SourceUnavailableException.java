package dev.duplex.video.source;

/**
 * A video source (or, as {@code AudioUnavailableException}, a sound device or file) cannot be opened or
 * has stopped delivering; the message is a sentence for people.
 */
public class SourceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
