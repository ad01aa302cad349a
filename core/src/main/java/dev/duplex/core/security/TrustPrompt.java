package dev.duplex.core.security;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Decides about a server identity met for the first time. Called on a Netty event loop after the
 * TLS handshake and before anything (HELLO, a room secret) is sent: return at once with a stage that
 * completes later, e.g. when a person answered a dialog. Take the time it takes: if the server stops
 * waiting for HELLO meanwhile (10 s by default), the session connects again by itself as soon as the
 * identity is trusted, without asking again.
 */
@FunctionalInterface
public interface TrustPrompt {

    /** The decision for {@code contact}; a failed stage counts as {@link TrustDecision#REJECT}. */
    CompletionStage<TrustDecision> decide(FirstContact contact);

    /** Trusts and remembers every new identity, like SSH's {@code StrictHostKeyChecking=accept-new}. */
    static TrustPrompt acceptNew() {
        return contact -> CompletableFuture.completedFuture(TrustDecision.TRUST_AND_REMEMBER);
    }

    /** Like {@link #acceptNew()}, first telling {@code announce} (e.g. printing {@link FirstContact#sentence()}). */
    static TrustPrompt acceptNew(Consumer<FirstContact> announce) {
        Objects.requireNonNull(announce, "announce");
        return contact -> {
            announce.accept(contact);
            return CompletableFuture.completedFuture(TrustDecision.TRUST_AND_REMEMBER);
        };
    }

    /** Connects only to known or pinned identities. */
    static TrustPrompt rejectUnknown() {
        return contact -> CompletableFuture.completedFuture(TrustDecision.REJECT);
    }
}
