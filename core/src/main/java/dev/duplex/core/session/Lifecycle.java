package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.internal.transport.NetErrors;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one session: CONNECTING, then CONNECTED and RECONNECTING in turn, then CLOSED for
 * good. It dials, remembers why the current connection is ending (an error, the other side's BYE),
 * decides after every closed connection whether to dial again (when, by the {@link ReconnectPolicy})
 * or to end, and completes the session's futures. It knows connections only as "there was one" or
 * "there was none"; what a connection carries is the business of the session's streams.
 * <p>
 * Confined to the session's event loop, except {@link #state()}, the futures and {@link #requestClose()}.
 */
final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    /** What the lifecycle asks of the rest of the session, on its event loop. */
    interface Hooks {
        /** The session moved to {@code state} for {@code status}. */
        void stateChanged(SessionState state, Status status);

        /** The connection closed and no other will follow: what waited to go out on one has lost its chance. */
        void connectionLostForGood();

        /** The session is over: release everything it holds. */
        void ended(Status reason);
    }

    private final EventLoop loop;
    /** Starts one connection attempt; null for a session that was accepted (it never dials). */
    private final Supplier<? extends Future<?>> dialer;
    private final ReconnectPolicy policy;
    private final Role role;
    private final String target;
    private final Runnable onFinished;
    private final Hooks hooks;

    private volatile SessionState state = SessionState.CONNECTING;
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final CompletableFuture<Session> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    // Confined to the loop.
    /** Why the current connection is ending (an ERROR, a failure, BYE); null while nothing is wrong. */
    private Status ending;
    /** The other side left for good (a direct peer's BYE): no reconnecting to it. */
    private boolean peerLeft;
    private int attempt;
    private ScheduledFuture<?> reconnectTask;

    /**
     * @param dialer     starts a connection attempt (null: an accepted session, which never dials)
     * @param target     "host:port" of the other side, for sentences
     * @param onFinished run once when the session has ended (e.g. closes the session's own event loop)
     */
    Lifecycle(EventLoop loop, Supplier<? extends Future<?>> dialer, ReconnectPolicy policy, Role role, String target,
              Runnable onFinished, Hooks hooks) {
        this.loop = loop;
        this.dialer = dialer;
        this.policy = policy;
        this.role = role;
        this.target = target;
        this.onFinished = onFinished;
        this.hooks = hooks;
    }

    SessionState state() {
        return state;
    }

    /** Completes with the session once it is connected the first time, or fails with why not. */
    CompletableFuture<Session> connectedFuture() {
        return connected;
    }

    /** Completes when the session has ended (never exceptionally). */
    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    /** Starts the first connection attempt (connecting roles); any thread. */
    void start() {
        runOnLoop(this::dial);
    }

    private void dial() {
        assert loop.inEventLoop();
        dialer.get().addListener(f -> {
            if (!f.isSuccess()) {
                dialFailed(f.cause());
            }
        });
    }

    /** A connection attempt failed before it connected. */
    private void dialFailed(Throwable cause) {
        assert loop.inEventLoop();
        if (state == SessionState.CONNECTING) {
            DuplexException error = NetErrors.connectFailed(cause, target);
            connected.completeExceptionally(error);
            finish(error.status());
        } else if (state == SessionState.RECONNECTING) {
            log.debug("Could not connect to {}: {}", target, cause.toString());
            scheduleReconnect();
        }
    }

    /**
     * A connection finished its handshake. Returns false (and closes it) if the session is closing;
     * otherwise the caller sets the connection up and then calls {@link #connected(Status)}.
     */
    boolean admit(Channel ch) {
        assert loop.inEventLoop();
        if (closeRequested.get()) {
            ch.close();
            return false;
        }
        return true;
    }

    /** The admitted connection is set up: the session is CONNECTED. */
    void connected(Status status) {
        assert loop.inEventLoop();
        attempt = 0;
        ending = null;
        peerLeft = false;
        setState(SessionState.CONNECTED, status);
    }

    /** The session is ready for its caller (after the participants are known, where there are any). */
    void ready(Session session) {
        connected.complete(session);
    }

    /** The current connection is ending for {@code reason} (it is what the close reports). */
    void ending(Status reason) {
        assert loop.inEventLoop();
        ending = reason;
    }

    /** Like {@link #ending(Status)}, unless a reason is known already; true if {@code reason} is the one. */
    boolean endingIfFirst(Status reason) {
        assert loop.inEventLoop();
        if (ending != null) {
            return false;
        }
        ending = reason;
        return true;
    }

    /** The other side said BYE: {@code forGood} when it will not take this session back (a direct peer). */
    void peerClosed(Status reason, boolean forGood) {
        assert loop.inEventLoop();
        ending = reason;
        peerLeft = forGood;
    }

    /** A connection closed; {@code wasConnected} if it had finished its handshake. Decides what comes next. */
    void connectionClosed(boolean wasConnected) {
        assert loop.inEventLoop();
        if (!wasConnected && state == SessionState.RECONNECTING) {
            // A reconnection attempt failed before its handshake completed (say, the relay died again).
            log.debug("The connection to {} closed before its handshake completed{}", target,
                    ending != null ? ": " + ending.sentence() : "");
            if (closeRequested.get() || isFatal(ending)) {
                hooks.connectionLostForGood();
                finish(ending != null ? ending : Status.of(Status.Kind.CANCELLED, "Closed."));
            } else {
                scheduleReconnect();
            }
            return;
        }
        if (!wasConnected) {
            connected.completeExceptionally(new DuplexException(ending != null ? ending
                    : Status.of(ErrorCode.HANDSHAKE_TIMEOUT, "The connection to " + target
                    + " closed during the handshake: is it a duplex " + role.otherSide + "?")));
            finish(ending != null ? ending
                    : Status.of(Status.Kind.UNAVAILABLE, "Connection closed during the handshake."));
            return;
        }
        Status reason = ending != null ? ending
                : Status.of(Status.Kind.UNAVAILABLE, "The connection to " + target + " was lost.");
        if (closeRequested.get() || peerLeft || isFatal(ending) || !policy.enabled()) {
            hooks.connectionLostForGood();
            finish(closeRequested.get() ? Status.of(Status.Kind.CANCELLED, "Closed.") : reason);
        } else {
            setState(SessionState.RECONNECTING, reason);
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closeRequested.get()) {
            finish(Status.of(Status.Kind.CANCELLED, "Closed."));
            return;
        }
        attempt++;
        if (!policy.allows(attempt)) {
            finish(Status.of(Status.Kind.UNAVAILABLE, "Gave up reconnecting to " + target + " after "
                    + (attempt - 1) + " attempts."));
            return;
        }
        Duration delay = policy.delayBefore(attempt);
        log.debug("Reconnecting to {} in {} ms (attempt {})", target, delay.toMillis(), attempt);
        reconnectTask = loop.schedule(() -> {
            if (!closeRequested.get()) {
                dial();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reason that no reconnection can cure: the other side will refuse again. */
    private static boolean isFatal(Status reason) {
        return reason != null && reason.errorCode().map(code -> switch (code) {
            case NICKNAME_TAKEN, INVALID_NAME, VERSION_MISMATCH, ACCESS_DENIED, NOT_DUPLEX -> true;
            default -> false;
        }).orElse(false);
    }

    /** True once the session is closed or closing: nothing new is started. */
    boolean closing() {
        return state == SessionState.CLOSED || closeRequested.get();
    }

    /** Dials again at once (the person has just trusted the other side's identity). */
    void redial() {
        dial();
    }

    /** The other side's identity was refused: the session ends for {@code reason}, never connected again. */
    void refused(Status reason) {
        assert loop.inEventLoop();
        ending = reason;
        connected.completeExceptionally(new DuplexException(reason));
        finish(reason);
    }

    /** Marks the session as closing (any thread); true the first time. */
    boolean requestClose() {
        return closeRequested.compareAndSet(false, true);
    }

    /** Ends the session now, with no connection to say BYE on. */
    void closeWithoutConnection() {
        finish(Status.of(Status.Kind.CANCELLED, "Closed."));
    }

    private void finish(Status reason) {
        assert loop.inEventLoop();
        if (state == SessionState.CLOSED) {
            return;
        }
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
        hooks.ended(reason);
        connected.completeExceptionally(new DuplexException(reason));
        setState(SessionState.CLOSED, reason);
        onFinished.run();
        closed.complete(null);
    }

    private void setState(SessionState next, Status status) {
        assert allowed(state, next) : "session state " + state + " -> " + next;
        state = next;
        hooks.stateChanged(next, status);
    }

    /** The moves of the state machine: forward only, except RECONNECTING back to CONNECTED. */
    static boolean allowed(SessionState from, SessionState to) {
        return switch (from) {
            case CONNECTING, RECONNECTING -> to == SessionState.CONNECTED || to == SessionState.CLOSED;
            case CONNECTED -> to == SessionState.RECONNECTING || to == SessionState.CLOSED;
            case CLOSED -> false;
        };
    }

    /** Runs {@code task} on the loop; if the loop is already gone the session has ended, or ends here. */
    void runOnLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
    }

    /** Waits (up to 5 s) for the end of the session, unless called on its own loop, which must not block. */
    void awaitClosed() {
        if (!loop.inEventLoop()) {
            // On a copy: orTimeout fails the future it is called on, and closed must never fail
            // (a DirectListener frees its slot when it completes).
            closed.copy().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }
}
