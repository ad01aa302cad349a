package dev.duplex.chat.control;

import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.ConnectionStatus;
import dev.duplex.chat.model.LinkState;
import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.HostPort;
import dev.duplex.core.session.LocalAddresses;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One start of a {@link ChatController}: opens the session (or the listener) for its target and
 * turns the session's events into model changes. Its callbacks run on Netty event loops: they
 * only update the thread-safe model, and are ignored once the controller moved on to another
 * connection.
 */
final class ChatConnection implements SessionListener {
    /** Shown once per start in the lecture's format: what the person gives up. */
    static final String LECTURE_NOTICE = "Lecture-compatible mode: no encryption, no names, no acknowledgements "
            + "(a message counts as sent once it is written).";
    private static final String LECTURE_SUFFIX = " Lecture format: no encryption, no names.";

    private final ChatController controller;
    private final ChatModel model;
    private final ChatTarget target;
    private final ReconnectPolicy reconnect;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final ChatSecurity security;
    private volatile Fingerprint ownFingerprint;

    private volatile Session session;
    private volatile DirectListener listener;
    private volatile boolean closing;
    /** Per session; in listen mode per peer. */
    private final SessionStory story = new SessionStory();
    private volatile boolean queuedNoticeShown;
    /** Who was announced as present; read and written on the session's event loop only. */
    private final PresenceNotices presence = new PresenceNotices();

    ChatConnection(ChatController controller, ChatTarget target, ReconnectPolicy reconnect) {
        this.controller = controller;
        this.model = controller.model();
        this.target = target;
        this.reconnect = reconnect;
        this.security = controller.security();
    }

    ChatTarget target() {
        return target;
    }

    CompletableFuture<String> ended() {
        return ended;
    }

    /** The session while connected, else null. */
    Session liveSession() {
        Session s = session;
        return s != null && s.state() == SessionState.CONNECTED ? s : null;
    }

    /**
     * The session that can take a message now: connected, or reconnecting (the message then waits in
     * its bounded outbox and goes out after the reconnect); null otherwise. The lecture's format has
     * no outbox, so it takes messages only while connected.
     */
    Session sendingSession() {
        Session s = session;
        if (s == null || target.lecture()) {
            return liveSession();
        }
        SessionState state = s.state();
        return state == SessionState.CONNECTED || state == SessionState.RECONNECTING ? s : null;
    }

    /** Says once per reconnection that what is typed meanwhile waits and is sent after it. */
    void noteQueuedWhileReconnecting() {
        Session s = session;
        if (s != null && s.state() == SessionState.RECONNECTING && !queuedNoticeShown) {
            queuedNoticeShown = true;
            model.addNotice(controller.now(), "Messages typed while reconnecting wait here (marked “sending…”) "
                    + "and are sent once reconnected.");
        }
    }

    InetSocketAddress listeningAddress() {
        DirectListener l = listener;
        return l == null ? null : l.localAddress();
    }

    CompletableFuture<Void> open() {
        if (target instanceof ChatTarget.Listen listen) {
            return openListener(listen);
        }
        model.setParticipants(target.nickname(), List.of());
        model.setStatus(new ConnectionStatus(LinkState.CONNECTING, "Connecting to " + target.describe()
                + (target instanceof ChatTarget.Relay r ? " as " + r.nickname() + " in room " + r.room() : "")
                + "...", -1));
        if (target.lecture()) {
            model.addNotice(controller.now(), LECTURE_NOTICE);
        }
        CompletableFuture<Session> connecting;
        try {
            if (target instanceof ChatTarget.Relay relay) {
                DuplexClient.Builder client = DuplexClient.builder().addresses(HostPort.parseList(relay.host(), relay.port()))
                        .nickname(relay.nickname()).room(relay.room()).listener(this).reconnect(reconnect);
                if (security.encrypted()) {
                    client.tls(security.clientOptions(controller.effectiveTrustPrompt()));
                }
                security.roomSecret().ifPresent(client::roomSecret);
                connecting = client.connect();
            } else {
                DirectPeer.Builder peer = DirectPeer.builder().nickname(target.nickname()).listener(this)
                        .wireFormat(target.wireFormat())
                        // The lecture's server takes one client and ends with it: there is nothing to come back to.
                        .reconnect(target.lecture() ? ReconnectPolicy.NEVER : reconnect);
                if (encrypted()) {
                    peer.tls(security.clientOptions(controller.effectiveTrustPrompt()));
                }
                connecting = peer.connect(((ChatTarget.Direct) target).host(), ((ChatTarget.Direct) target).port());
            }
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        return connecting.handle((s, failure) -> {
            if (failure != null) {
                failStart(failure);
                throw new CompletionException(failure);
            }
            if (closing) {
                s.close();
            }
            return null;
        });
    }

    private CompletableFuture<Void> openListener(ChatTarget.Listen listen) {
        try {
            DirectPeer.Builder peer = DirectPeer.builder().nickname(listen.nickname()).listener(this)
                    .wireFormat(listen.wireFormat());
            if (encrypted()) {
                TlsOptions server = security.serverOptions();
                ownFingerprint = server.identity().map(Identity::fingerprint).orElse(null);
                peer.tls(server);
            }
            listener = peer.listen(listen.bindHost(), listen.port());
        } catch (RuntimeException e) {
            failStart(e);
            return CompletableFuture.failedFuture(e);
        }
        int port = listener.localAddress().getPort();
        String bind = listen.bindHost();
        List<String> addresses = LocalAddresses.forBind(bind);
        model.setParticipants(listen.nickname(), List.of());
        model.setStatus(listeningStatus());
        if (listen.lecture()) {
            model.addNotice(controller.now(), LECTURE_NOTICE);
        }
        model.addNotice(controller.now(), "Listening on port " + port + ". Give the other person "
                + (addresses.size() == 1 ? "this address: " : "one of these addresses: ")
                + String.join(", ", LocalAddresses.withPort(addresses, port)) + ".");
        if (ownFingerprint != null) {
            model.addNotice(controller.now(), "Your identity is " + ownFingerprint
                    + ": the other person should see the same fingerprint on first contact.");
        }
        return CompletableFuture.completedFuture(null);
    }

    private void failStart(Throwable failure) {
        String sentence = Sentences.of(failure);
        if (!closing && controller.isCurrent(this)) {
            model.addError(controller.now(), sentence);
            model.setStatus(new ConnectionStatus(LinkState.OFFLINE, sentence, -1));
        }
        ended.completeExceptionally(failure);
    }

    private ConnectionStatus listeningStatus() {
        DirectListener l = listener;
        int port = l == null ? 0 : l.localAddress().getPort();
        return new ConnectionStatus(LinkState.LISTENING, "Waiting for a peer on port " + port + "."
                + (target.lecture() ? LECTURE_SUFFIX : ""), -1,
                ownFingerprint != null ? "TLS · your identity " + ownFingerprint.abbreviated() : "");
    }

    /** Closes the session and the listener (BYE to the peer); blocks up to a few seconds. */
    void close() {
        closing = true;
        DirectListener l = listener;
        Session s = session;
        if (l != null) {
            l.close();
        } else if (s != null) {
            s.close();
        }
        ended.complete("Disconnected.");
    }

    // ---- SessionListener: on the session's event loop ----

    @Override
    public void onStateChanged(Session s, SessionState state, Status status) {
        if (!controller.isCurrent(this) || closing) {
            return;
        }
        switch (state) {
            case CONNECTED -> connected(s);
            case RECONNECTING -> {
                // The people stay listed (the status says they may be out of date) until the relay's new snapshot.
                model.setStatus(new ConnectionStatus(LinkState.RECONNECTING, "Reconnecting to " + target.describe()
                        + "…", -1));
                if (story.lastError() == null) {
                    model.addError(controller.now(), status.sentence()); // why the connection was lost
                }
                model.addNotice(controller.now(), "Reconnecting to " + target.describe() + "…");
                story.reconnecting();
            }
            case CLOSED -> closed(status);
            case CONNECTING -> {
                // Sessions start in CONNECTING; it is never announced.
            }
        }
    }

    private void connected(Session s) {
        session = s;
        queuedNoticeShown = false;
        story.connected();
        String where = address(s.remoteAddress());
        if (target instanceof ChatTarget.Relay relay) {
            // Short: the status bar shares its line with the identity and the RTT (who and where is in the title).
            model.setStatus(new ConnectionStatus(LinkState.CONNECTED, "relay " + where + " · room " + relay.room(),
                    -1, identityLabel(s)));
            model.addNotice(controller.now(), story.reconnected() ? "Reconnected to " + where + "."
                    : "Connected to " + where + " as " + s.nickname() + " in room " + relay.room() + "." + identity(s));
        } else {
            model.setStatus(new ConnectionStatus(LinkState.CONNECTED, "Connected to " + where + "."
                    + (target.lecture() ? LECTURE_SUFFIX : ""), -1, identityLabel(s)));
            if (encrypted()) {
                model.addNotice(controller.now(), identity(s).strip());
            }
        }
        showParticipants(s);
    }

    /** The session closed: say so as {@link SessionStory#closed} decides, from the close's kind. */
    private void closed(Status status) {
        session = null;
        model.setParticipants(target.nickname(), List.of());
        boolean listening = listener != null;
        SessionStory.Farewell farewell = story.closed(status, listening, target instanceof ChatTarget.Direct);
        farewell.peerLeft().ifPresent(name -> model.addNotice(controller.now(), name + " left"));
        farewell.notice().ifPresent(sentence -> model.addNotice(controller.now(), sentence));
        farewell.error().ifPresent(sentence -> model.addError(controller.now(), sentence));
        if (listening) {
            // Direct listen mode: the peer is gone; wait for the next one.
            model.setStatus(listeningStatus());
            return;
        }
        if (!farewell.ended()) {
            return; // failStart reports it.
        }
        model.setStatus(new ConnectionStatus(LinkState.OFFLINE, status.sentence(), -1));
        if (farewell.endedByPeer()) {
            ended.complete(status.sentence());
        } else {
            ended.completeExceptionally(new DuplexException(status));
        }
    }

    @Override
    public void onText(Session s, TextMessage message) {
        if (controller.isCurrent(this) && !closing) {
            model.addMessage(message.timestamp(), message.sender(), message.body(), message.replayed());
        }
    }

    @Override
    public void onPresence(Session s, PresenceEvent event) {
        if (!controller.isCurrent(this) || closing) {
            return;
        }
        if (target instanceof ChatTarget.Relay relay) {
            presence.apply(event, s.nickname(), relay.room()).forEach(n -> model.addNotice(controller.now(), n));
        }
        showParticipants(s);
    }

    @Override
    public void onError(Session s, SessionError error) {
        if (!controller.isCurrent(this) || closing) {
            return;
        }
        story.reported(error);
        if (listener != null || story.everConnected()) {
            model.addError(controller.now(), inWords(error));
        }
    }

    /** The error as a person reads it: a lost heartbeat is "stopped answering", not intervals. */
    private String inWords(SessionError error) {
        if (error.code() == ErrorCode.HEARTBEAT_TIMEOUT) {
            return "Lost contact with the " + (target instanceof ChatTarget.Relay ? "relay" : "other side")
                    + ": it stopped answering.";
        }
        return error.message();
    }

    /** Updates the participant list; in direct mode, announces the peer once per session. */
    private void showParticipants(Session s) {
        List<String> names = List.copyOf(s.participants());
        model.setParticipants(s.nickname(), names);
        if (target instanceof ChatTarget.Relay || story.peer() != null) {
            return;
        }
        names.stream().filter(n -> !n.equals(s.nickname())).findFirst().ifPresent(other -> {
            story.peerJoined(other);
            String where = address(s.remoteAddress());
            model.addNotice(controller.now(), other + " joined (" + where + (target.lecture()
                    ? "; the lecture's format has no names, so the peer is shown by its IP address)" : ")"));
            model.setStatus(new ConnectionStatus(LinkState.CONNECTED, "Chatting with " + other + " at " + where + "."
                    + (target.lecture() ? LECTURE_SUFFIX : ""), -1, identityLabel(s)));
        });
    }

    private boolean encrypted() {
        return security.encrypted() && !target.lecture();
    }

    /**
     * " TLS, relay identity SHA256:..." for the status bar: the verified fingerprint of the relay or
     * the peer called; a listening side shows its own; empty over plaintext.
     */
    private String identity(Session s) {
        if (!encrypted()) {
            return "";
        }
        if (ownFingerprint != null) {
            return " Encrypted (TLS); your identity: " + ownFingerprint + ".";
        }
        return s.peerFingerprint().map(f -> " Encrypted (TLS); " + (target instanceof ChatTarget.Relay ? "relay" : "peer")
                + " identity: " + f + ".").orElse(" Encrypted (TLS).");
    }

    /** The status bar's identity: "TLS · relay SHA256:..."; empty over plaintext. */
    private String identityLabel(Session s) {
        if (!encrypted()) {
            return "";
        }
        if (ownFingerprint != null) {
            return "TLS · your identity " + ownFingerprint.abbreviated();
        }
        // Abbreviated: the sentence beside it needs the room; the whole one is in the conversation.
        return s.peerFingerprint().map(f -> "TLS · " + (target instanceof ChatTarget.Relay ? "relay" : "peer")
                + " " + f.abbreviated()).orElse("TLS");
    }

    private static String address(SocketAddress address) {
        return HostPort.describe(address);
    }
}
