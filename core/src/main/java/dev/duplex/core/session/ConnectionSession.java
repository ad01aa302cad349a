package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameLengthDecoder;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.security.ChannelIdentity;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.HeartbeatHandler;
import dev.duplex.core.internal.transport.LinkStats;
import dev.duplex.core.internal.transport.ProtocolErrorHandler;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Session} behind every role: it puts together the parts that each do one job (the
 * {@link Lifecycle}, the text and video {@link MediaStream}s, the {@link Participants}, the
 * counters, the security) and hands them what its connections bring. Its connection state is
 * confined to one event loop ({@link #loop}); every channel it ever uses lives on that loop, so
 * reconnects, frames and state changes never race. Public methods may be called from any thread.
 */
final class ConnectionSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSession.class);

    private final Role role;
    private final String requestedNickname;
    private final String requestedRoom;
    private final TransportConfig config;
    private final EventLoop loop;
    private final String target;
    private final WireFormat wireFormat;
    private final boolean videoFlowControl;
    private final Events events;
    private final Lifecycle lifecycle;
    private final Participants participants;
    private final SessionCounters counters = new SessionCounters();
    private final SessionSecurity security = new SessionSecurity();
    private final TextSender textSender;
    private final TextReceiver textReceiver;
    private final VideoSender videoSender;
    private final VideoReceiver videoReceiver;
    /** Every stream, in the order a frame is offered to them. */
    private final List<MediaStream> streams;
    /** The handshaken connection, or null; written on the loop. */
    private volatile Channel channel;
    /** An oversized frame from the relay was reported on this connection (once is enough); loop only. */
    private boolean toldOversized;

    /**
     * @param dialer     starts a connection attempt (null for an accepted session)
     * @param target     the other side as "host:port", for sentences
     * @param onFinished run once when the session has ended
     */
    ConnectionSession(Role role, String nickname, String room, SessionListener listener, TransportConfig config,
                      EventLoop loop, Supplier<ChannelFuture> dialer, ReconnectPolicy reconnect, String target,
                      WireFormat wireFormat, Runnable onFinished) {
        this.role = role;
        this.requestedNickname = nickname;
        this.requestedRoom = room;
        this.config = config;
        this.loop = loop;
        this.target = target;
        this.wireFormat = wireFormat;
        this.videoFlowControl = config.videoWindow() > 0;
        Events events = new Events(this, listener, loop);
        this.lifecycle = new Lifecycle(loop, dialer, reconnect, role, target, onFinished, new Lifecycle.Hooks() {
            @Override
            public void stateChanged(SessionState state, Status status) {
                events.stateChanged(state, status);
            }

            @Override
            public void connectionLostForGood() {
                textSender.connectionLostForGood();
            }

            @Override
            public void ended(Status reason) {
                streams.forEach(stream -> stream.closed(reason));
            }
        });
        boolean lecture = wireFormat.isLecture();
        this.participants = new Participants(loop, role, lecture, nickname, room);
        this.textSender = new TextSender(loop, lifecycle, participants, counters, config.maxUnacknowledgedTexts(),
                config.frameLimits().maxTextPayload(), lecture);
        this.textReceiver = new TextReceiver(loop, role, lecture, participants, textSender, counters, events);
        this.videoSender = new VideoSender(loop, lifecycle, participants, counters,
                config.frameLimits().maxVideoPayload(), videoFlowControl ? new VideoWindow(config.videoWindow()) : null);
        this.videoReceiver = new VideoReceiver(loop, lifecycle, participants, counters, events);
        this.streams = List.of(textReceiver, textSender, videoReceiver, videoSender);
        this.events = events;
    }

    // ---- for the builders, the pipeline and the handshake handler ----

    Role role() {
        return role;
    }

    String requestedNickname() {
        return requestedNickname;
    }

    String requestedRoom() {
        return requestedRoom;
    }

    WireFormat wireFormat() {
        return wireFormat;
    }

    TransportConfig config() {
        return config;
    }

    FlowCounters flow() {
        return counters.flow;
    }

    /** The event loop this session's state is confined to. */
    EventLoop loop() {
        return loop;
    }

    /** The HELLO/WELCOME capabilities this side advertises. */
    int capabilities() {
        return role.capabilities(videoFlowControl);
    }

    /** Completes with this session after the first handshake, or fails with why not. */
    CompletableFuture<Session> connectedFuture() {
        return lifecycle.connectedFuture();
    }

    /** Starts the first connection attempt (connecting roles). */
    void dial() {
        lifecycle.start();
    }

    /** See {@link SessionSecurity#secure}. */
    void secure(Supplier<ChannelHandler> tlsLayer, Map<String, String> helloAttributes) {
        security.secure(tlsLayer, helloAttributes);
    }

    /** A new TLS layer for the next connection, or {@code null} for plaintext. */
    ChannelHandler newTlsLayer() {
        return security.newTlsLayer();
    }

    /** HELLO attributes: the security extras, the session token, where to resume the room's history. */
    Map<String, String> helloAttributes() {
        return security.helloAttributes(textReceiver.resumeAfter());
    }

    // ---- called by SessionHandler, on the loop ----

    void onHandshake(Channel ch, String acceptedNickname, String acceptedRoom, List<String> initialParticipants,
                     long historyEpoch, int peerCapabilities) {
        assert loop.inEventLoop();
        textReceiver.welcomed(historyEpoch);
        if (!lifecycle.admit(ch)) {
            return;
        }
        channel = ch;
        security.connected(ch);
        LinkStats link = HeartbeatHandler.linkStats(ch);
        counters.measuring(link);
        participants.connected(acceptedNickname, acceptedRoom, initialParticipants);
        toldOversized = false;
        // Receipts only when both sides asked for them (never in the lecture's formats, whose peers send 0).
        boolean receipts = videoFlowControl && (peerCapabilities & Hello.CAP_VIDEO_RECEIPTS) != 0
                && !wireFormat.isLecture();
        Connection connection = new Connection(ch, peerCapabilities, receipts, link);
        for (MediaStream stream : streams) {
            stream.connected(connection);
        }
        lifecycle.connected(Status.of(Status.Kind.OK, "Connected to " + ch.remoteAddress() + "."));
        if (!role.sendsHello || wireFormat.isLecture()) {
            lifecycle.ready(this);
        }
        // A connecting side is ready on the PRESENCE snapshot that follows WELCOME, so that
        // participants() is complete when connect() returns.
    }

    void onFrame(Channel ch, Frame frame) {
        assert loop.inEventLoop();
        for (MediaStream stream : streams) {
            if (stream.read(frame)) {
                return;
            }
        }
        if (frame instanceof Presence presence) {
            PresenceEvent event = participants.apply(presence);
            if (event.kind() == PresenceEvent.Kind.SNAPSHOT) {
                lifecycle.ready(this);
            }
            events.presence(event);
        } else if (frame instanceof ErrorFrame error) {
            if (!error.code().isNotice()) {
                lifecycle.ending(Status.of(error.code(), error.message())); // the reason of the close that follows
            }
            events.error(new SessionError(error.code(), error.message()));
        } else if (frame instanceof Bye bye) {
            String who = role == Role.RELAY_CLIENT ? "The relay" : "Your peer";
            // A relay that says BYE (restarting, say) may take the session back; a direct peer has left.
            lifecycle.peerClosed(Status.of(Status.Kind.PEER_CLOSED, who + " closed the connection"
                    + (bye.reason().isEmpty() ? "." : ": " + bye.reason())), role != Role.RELAY_CLIENT);
            ch.close();
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "Unexpected " + frame.type() + " after the handshake.");
        }
    }

    /**
     * The relay sent a frame over this side's limit; it was skipped without being buffered (see
     * {@code FrameLengthDecoder.skippingOversizedMedia}). Said once per connection.
     */
    void onOversizedFrameSkipped(FrameLengthDecoder.Skipped skipped) {
        assert loop.inEventLoop();
        if (!toldOversized) {
            toldOversized = true;
            events.error(new SessionError(ErrorCode.FRAME_TOO_LARGE, "The relay sent a " + skipped.type()
                    + " of " + skipped.payloadLength() + " bytes, over this side's limit of " + skipped.limit()
                    + " bytes: it was skipped."));
        } else {
            log.debug("Skipped another oversized {} from {}", skipped.type(), target);
        }
    }

    /** A failure on the connection (already being reported to the peer by the error handler). */
    void onChannelError(Throwable cause) {
        assert loop.inEventLoop();
        ErrorFrame error = ProtocolErrorHandler.toErrorFrame(cause);
        if (error != null && lifecycle.endingIfFirst(Status.of(error.code(), error.message()))) {
            events.error(new SessionError(error.code(), error.message()));
        }
    }

    void onChannelClosed(Channel ch) {
        assert loop.inEventLoop();
        if (channel != null && ch != channel) {
            return;
        }
        boolean wasConnected = channel != null;
        channel = null;
        participants.disconnected();
        for (MediaStream stream : streams) {
            stream.disconnected();
        }
        if (!wasConnected && !lifecycle.closing()) {
            Optional<CompletionStage<Void>> pendingTrust = ChannelIdentity.trustDecisionAfterClose(ch);
            if (pendingTrust.isPresent()) {
                awaitTrust(pendingTrust.get());
                return;
            }
        }
        lifecycle.connectionClosed(wasConnected);
    }

    /**
     * The other side gave up waiting while the person compared its fingerprint: once they trusted it,
     * connect again at once (the identity is now remembered, or trusted once for this session); if
     * they refused it, the session ends refused.
     */
    private void awaitTrust(CompletionStage<Void> decision) {
        decision.whenComplete((trusted, refused) -> lifecycle.runOnLoop(() -> {
            if (lifecycle.closing()) {
                return;
            }
            if (refused == null) {
                lifecycle.redial();
                return;
            }
            events.error(new SessionError(ErrorCode.ACCESS_DENIED, refused.getMessage()));
            lifecycle.refused(Status.of(ErrorCode.ACCESS_DENIED, refused.getMessage()));
        }));
    }

    // ---- public API ----

    @Override
    public String nickname() {
        return participants.nickname();
    }

    @Override
    public String room() {
        return participants.room();
    }

    @Override
    public SessionState state() {
        return lifecycle.state();
    }

    @Override
    public SocketAddress remoteAddress() {
        Channel ch = channel;
        return ch == null ? null : ch.remoteAddress();
    }

    @Override
    public Optional<Fingerprint> peerFingerprint() {
        return security.peerFingerprint();
    }

    @Override
    public Set<String> participants() {
        return participants.snapshot();
    }

    @Override
    public CompletableFuture<Delivery> sendText(String body) {
        return textSender.send(body);
    }

    @Override
    public boolean sendVideo(int width, int height, long captureTimeMicros, byte[] jpeg) {
        return videoSender.send(width, height, captureTimeMicros, jpeg);
    }

    @Override
    public boolean awaitVideoWindow(long timeout, TimeUnit unit) throws InterruptedException {
        return videoSender.awaitWindow(timeout, unit);
    }

    @Override
    public void videoFinished(VideoMessage frame) {
        videoReceiver.finished(frame);
    }

    /** This side's frames the peer has not finished with (0 without flow control). */
    int videoUnfinished() {
        return videoSender.unfinished();
    }

    @Override
    public SessionStats stats() {
        return counters.snapshot();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return lifecycle.closedFuture();
    }

    @Override
    public void close() {
        if (lifecycle.closedFuture().isDone()) {
            return;
        }
        if (lifecycle.requestClose()) {
            lifecycle.runOnLoop(() -> {
                Channel ch = channel;
                if (ch == null) {
                    lifecycle.closeWithoutConnection();
                    return;
                }
                if (!ch.isActive()) {
                    return;
                }
                ch.writeAndFlush(new Bye("")).addListener(f -> ch.close());
                // A peer that never takes the BYE must not hold the close up.
                loop.schedule(() -> ch.close(), 1, TimeUnit.SECONDS);
            });
        }
        lifecycle.awaitClosed();
    }

    /** Cuts the current connection without BYE, as a network failure would (for tests of recovery). */
    void dropConnection() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        String room = participants.room();
        return "Session[" + participants.nickname() + "@" + (room.isEmpty() ? target : room) + ", " + state() + "]";
    }
}
