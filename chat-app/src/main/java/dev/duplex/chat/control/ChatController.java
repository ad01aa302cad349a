package dev.duplex.chat.control;

import dev.duplex.core.security.TrustPrompt;
import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.ConnectionStatus;
import dev.duplex.chat.model.LinkState;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.Session;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a chat does, for any view: connects to a relay, listens for or connects to a direct peer,
 * sends text, and keeps a {@link ChatModel} up to date from the session's events. It knows
 * nothing of Swing; a window and the terminal mode both drive it. Methods may be called from any
 * thread; {@link #close()} and {@link #awaitPendingSends} block briefly, so a UI calls
 * {@link #disconnect()} instead.
 */
public final class ChatController implements AutoCloseable {
    private final ChatModel model;
    private final Clock clock;
    private final ReconnectPolicy reconnect;
    /** One per message sent and not settled yet; at most the session's outbox bound. */
    private final Set<CompletableFuture<Void>> pendingSends = ConcurrentHashMap.newKeySet();
    private final LongAdder unconfirmed = new LongAdder();
    private final Object lock = new Object();
    private volatile ChatConnection current;
    private volatile boolean closed;
    private volatile ChatSecurity security = ChatSecurity.plaintext();
    private volatile TrustPrompt trustPrompt;

    /** A controller with the system clock and {@link ReconnectPolicy#exponentialBackoff()}. */
    public ChatController(ChatModel model) {
        this(model, Clock.systemUTC(), ReconnectPolicy.exponentialBackoff());
    }

    /**
     * @param model     what to keep up to date
     * @param clock     stamps entries
     * @param reconnect what a relay or direct connection does when it drops
     */
    public ChatController(ChatModel model, Clock clock, ReconnectPolicy reconnect) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
    }

    public ChatModel model() {
        return model;
    }

    /**
     * How the next {@link #start} protects its connection (default {@link ChatSecurity#plaintext()},
     * like the library; the {@code duplex chat} command turns TLS on unless {@code --plaintext}).
     */
    public ChatController security(ChatSecurity value) {
        this.security = Objects.requireNonNull(value, "security");
        return this;
    }

    /** The security of the next {@link #start}. */
    public ChatSecurity security() {
        return security;
    }

    /**
     * Who decides about a relay or peer identity met for the first time (called on a Netty event
     * loop: it must return at once). By default the identity is trusted, remembered, and its
     * fingerprint added to the conversation, like SSH's {@code accept-new}.
     */
    public ChatController trustPrompt(TrustPrompt value) {
        this.trustPrompt = Objects.requireNonNull(value, "trustPrompt");
        return this;
    }

    TrustPrompt effectiveTrustPrompt() {
        TrustPrompt p = trustPrompt;
        return p != null ? p : TrustPrompt.acceptNew(contact -> model.addNotice(now(), contact.sentence()));
    }

    /**
     * Starts chatting with {@code target}, replacing (and closing in the background) whatever ran
     * before. The future completes once connected (or listening), or fails with the sentence
     * that is also added to the model.
     */
    public CompletableFuture<Void> start(ChatTarget target) {
        Objects.requireNonNull(target, "target");
        ChatConnection previous;
        ChatConnection next = new ChatConnection(this, target, reconnect);
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("The chat is closed."));
            }
            previous = current;
            current = next;
        }
        if (previous != null) {
            CompletableFuture.runAsync(previous::close);
        }
        return next.open();
    }

    /**
     * Completes when the current connection is over for good: normally with a sentence when it
     * was closed here or the direct peer left, exceptionally when an error ended it. Listening
     * and relay connections (which reconnect) end only by {@link #disconnect()} or an error.
     */
    public CompletableFuture<String> ended() {
        ChatConnection c = current;
        return c == null ? CompletableFuture.completedFuture("Not started.") : c.ended();
    }

    /**
     * Sends one message: adds it to the model as pending, then marks it sent on the
     * acknowledgement or failed with the reason. While reconnecting the message waits in the
     * session's outbox (bounded by {@code TransportConfig.maxUnacknowledgedTexts}; past that it is
     * refused with a sentence) and goes out once reconnected. Blank text is ignored.
     *
     * @return true if the message was taken (the caller may clear its input); false if it was
     *         blank or there is no connection (an error sentence is added to the model)
     */
    public boolean send(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String body = text.stripTrailing();
        ChatConnection c = current;
        Session session = c == null ? null : c.sendingSession();
        if (session == null) {
            model.addError(now(), notConnectedSentence());
            return false;
        }
        c.noteQueuedWhileReconnecting();
        ChatEntry entry = model.addOwnMessage(now(), session.nickname(), body);
        // Settled once the model and the count show the outcome: waiting for it never sees half of it.
        CompletableFuture<Void> settled = session.sendText(body).handle((ack, failure) -> {
            if (failure == null) {
                model.markSent(entry.id());
            } else {
                unconfirmed.increment();
                model.markFailed(entry.id(), Sentences.of(failure));
            }
            return null;
        });
        pendingSends.add(settled);
        settled.whenComplete((done, never) -> pendingSends.remove(settled));
        return true;
    }

    /**
     * Own messages not confirmed by the relay or peer: those that failed, and those still waiting
     * for their acknowledgement.
     */
    public int unconfirmedCount() {
        long waiting = pendingSends.stream().filter(f -> !f.isDone()).count();
        return (int) Math.min(Integer.MAX_VALUE, unconfirmed.sum() + waiting);
    }

    /** Shows a sentence as an error in the conversation (e.g. a bad port typed in a form). */
    public void reportError(String sentence) {
        model.addError(now(), sentence);
    }

    /** Copies the session's latest round-trip time into the status; cheap, call it periodically. */
    public void refreshStats() {
        ChatConnection c = current;
        Session session = c == null ? null : c.liveSession();
        if (session != null) {
            model.setRtt(session.stats().rttMicros());
        }
    }

    /** The address being listened on in direct listen mode (with the real port), or null. */
    public InetSocketAddress listeningAddress() {
        ChatConnection c = current;
        return c == null ? null : c.listeningAddress();
    }

    /** Waits up to {@code timeout} for sent messages to be acknowledged; true if none is left. */
    public boolean awaitPendingSends(Duration timeout) {
        CompletableFuture<?>[] pending = pendingSends.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(pending).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // A failed send is marked in the model; it is not pending any more.
        }
        return pendingSends.stream().allMatch(CompletableFuture::isDone);
    }

    /**
     * Ends the current connection in the background (saying BYE) and shows "Disconnected."; the
     * future completes when it is closed.
     */
    public CompletableFuture<Void> disconnect() {
        ChatConnection c = current;
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            c.close();
            if (isCurrent(c)) {
                model.setParticipants(c.target().nickname(), List.of());
                model.setStatus(ConnectionStatus.OFFLINE);
                model.addNotice(now(), "Disconnected.");
            }
        });
    }

    /**
     * Waits briefly for unacknowledged messages, then closes the connection (BYE) and stops
     * listening. Blocks up to a few seconds; idempotent.
     */
    @Override
    public void close() {
        ChatConnection c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = current;
        }
        awaitPendingSends(Duration.ofSeconds(2));
        current = null;
        if (c != null) {
            c.close();
        }
        model.setStatus(ConnectionStatus.OFFLINE);
    }

    boolean isCurrent(ChatConnection connection) {
        return current == connection;
    }

    Instant now() {
        return clock.instant();
    }

    private String notConnectedSentence() {
        LinkState state = model.status().state();
        return switch (state) {
            case LISTENING -> "No one is connected yet: the message was not sent.";
            case CONNECTING -> "Still connecting: the message was not sent; send it again once connected.";
            // Only the lecture's format, which has no outbox, refuses while reconnecting.
            case RECONNECTING -> "Reconnecting: the message was not sent (the lecture's format cannot keep it); "
                    + "send it again once reconnected.";
            case CONNECTED, OFFLINE -> "Not connected: the message was not sent. Connect first.";
        };
    }
}
