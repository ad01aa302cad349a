package dev.duplex.cli;

import dev.duplex.core.DuplexException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failure into the one sentence a person sees; details go to the log. */
final class Sentences {
    private static final Logger log = LoggerFactory.getLogger(Sentences.class);

    private Sentences() {
    }

    static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof DuplexException || t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        log.debug("Unexpected failure", failure);
        return "duplex failed: " + t;
    }
}
