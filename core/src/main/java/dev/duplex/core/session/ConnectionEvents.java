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
import dev.duplex.core.internal.transport.HeartbeatHandler;
import dev.duplex.core.internal.transport.LinkStats;
import dev.duplex.core.internal.transport.ProtocolErrorHandler;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's connections bring, handed to the session's parts: a handshake sets up the
 * {@link MediaStream}s, the {@link Participants}, the counters and the security, and makes the
 * {@link Lifecycle} CONNECTED; each frame goes to the stream that takes it, else to the participants
 * (PRESENCE) or the lifecycle (ERROR, BYE); a failure or a close goes to the lifecycle, which decides
 * what comes next. Called by the connection's {@link SessionHandler}, on the session's event loop.
 */
final class ConnectionEvents {
    private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);

    private final Session session;
    private final EventLoop loop;
    private final Role role;
    private final WireFormat wireFormat;
    private final boolean videoFlowControl;
    private final String target;
    private final Lifecycle lifecycle;
    private final Participants participants;
    private final SessionCounters counters;
    private final SessionSecurity security;
    private final TextReceiver textReceiver;
    /** Every stream, in the order a frame is offered to them. */
    private final List<MediaStream> streams;
    private final Events events;
    /** The handshaken connection, or null; written on the loop. */
    private volatile Channel channel;
    /** An oversized frame from the relay was reported on this connection (once is enough); loop only. */
    private boolean toldOversized;

    ConnectionEvents(Session session, EventLoop loop, Role role, WireFormat wireFormat, boolean videoFlowControl,
                     String target, Lifecycle lifecycle, Participants participants, SessionCounters counters,
                     SessionSecurity security, TextReceiver textReceiver, List<MediaStream> streams, Events events) {
        this.session = session;
        this.loop = loop;
        this.role = role;
        this.wireFormat = wireFormat;
        this.videoFlowControl = videoFlowControl;
        this.target = target;
        this.lifecycle = lifecycle;
        this.participants = participants;
        this.counters = counters;
        this.security = security;
        this.textReceiver = textReceiver;
        this.streams = streams;
        this.events = events;
    }

    /** The handshaken connection, or null while there is none. */
    Channel current() {
        return channel;
    }

    /** A connection finished its handshake: the parts take it up, and the session is connected. */
    void handshaken(Channel ch, String acceptedNickname, String acceptedRoom, List<String> initialParticipants,
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
        // Receipts only when both sides asked for them (never in the lecture's formats, whose peers send 0);
        // to a relay that paces what it forwards by them too, but it sends none back.
        boolean flowControl = videoFlowControl && !wireFormat.isLecture();
        boolean receiptsFromPeer = flowControl && (peerCapabilities & Hello.CAP_VIDEO_RECEIPTS) != 0;
        boolean receiptsToPeer = receiptsFromPeer || flowControl && (peerCapabilities & Hello.CAP_RELAY_RECEIPTS) != 0;
        Connection connection = new Connection(ch, peerCapabilities, receiptsToPeer, receiptsFromPeer, link);
        for (MediaStream stream : streams) {
            stream.connected(connection);
        }
        lifecycle.connected(Status.of(Status.Kind.OK, "Connected to " + ch.remoteAddress() + "."));
        if (!role.sendsHello || wireFormat.isLecture()) {
            lifecycle.ready(session);
        }
        // A connecting side is ready on the PRESENCE snapshot that follows WELCOME, so that
        // participants() is complete when connect() returns.
    }

    /** A frame arrived after the handshake: for a media stream, else for the participants or the lifecycle. */
    void frame(Channel ch, Frame frame) {
        assert loop.inEventLoop();
        for (MediaStream stream : streams) {
            if (stream.read(frame)) {
                return;
            }
        }
        if (frame instanceof Presence presence) {
            PresenceEvent event = participants.apply(presence);
            if (event.kind() == PresenceEvent.Kind.SNAPSHOT) {
                lifecycle.ready(session);
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
    void oversizedFrameSkipped(FrameLengthDecoder.Skipped skipped) {
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
    void failed(Throwable cause) {
        assert loop.inEventLoop();
        ErrorFrame error = ProtocolErrorHandler.toErrorFrame(cause);
        if (error != null && lifecycle.endingIfFirst(Status.of(error.code(), error.message()))) {
            events.error(new SessionError(error.code(), error.message()));
        }
    }

    /** A connection closed (handshaken or not): the parts let it go, and the lifecycle decides what next. */
    void closed(Channel ch) {
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
}
