package dev.duplex.chat.control;

import dev.duplex.core.DuplexException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failure into the sentence a person is shown; anything unexpected is also logged. */
public final class Sentences {
    private static final Logger log = LoggerFactory.getLogger(Sentences.class);

    private Sentences() {
    }

    /** The sentence for {@code failure}: core's own sentence, or a plain description. */
    public static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof DuplexException || t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        log.warn("Unexpected failure", t);
        String message = t.getMessage();
        return "Something went wrong (" + t.getClass().getSimpleName()
                + (message == null ? "" : ": " + message) + "). The details are in the log.";
    }
}
