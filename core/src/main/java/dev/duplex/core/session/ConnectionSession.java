package dev.duplex.core.session;

import dev.duplex.core.protocol.Ack;
import dev.duplex.core.protocol.AudioFrame;
import dev.duplex.core.protocol.Bye;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.ErrorFrame;
import dev.duplex.core.protocol.Frame;
import dev.duplex.core.protocol.FrameLengthDecoder;
import dev.duplex.core.protocol.Hello;
import dev.duplex.core.protocol.HistoryEnd;
import dev.duplex.core.protocol.Presence;
import dev.duplex.core.protocol.ProtocolException;
import dev.duplex.core.protocol.TextFrame;
import dev.duplex.core.protocol.VideoFrame;
import dev.duplex.core.protocol.VideoReceipt;
import dev.duplex.core.protocol.Wire;
import dev.duplex.core.transport.Clock;
import dev.duplex.core.transport.DuplexPipeline;
import dev.duplex.core.transport.FlowCounters;
import dev.duplex.core.transport.LinkStats;
import dev.duplex.core.transport.NetErrors;
import dev.duplex.core.transport.ProtocolErrorHandler;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Session} behind every role. Its mutable connection state is confined to one event
 * loop ({@link #loop}); every channel it ever uses lives on that loop, so reconnects, frames and
 * state changes never race. Public methods may be called from any thread and hop to the loop.
 */
final class ConnectionSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSession.class);

    /** Which side of the handshake this session plays, and whether it acknowledges texts. */
    enum Role {
        /** Connects to a relay; the relay acknowledges texts. */
        RELAY_CLIENT(true, false),
        /** Connects to a direct peer; both peers acknowledge each other's texts. */
        DIRECT_CONNECTOR(true, true),
        /** Accepted a direct peer's connection. */
        DIRECT_ACCEPTOR(false, true);

        final boolean sendsHello;
        final boolean acknowledgesText;

        Role(boolean sendsHello, boolean acknowledgesText) {
            this.sendsHello = sendsHello;
            this.acknowledgesText = acknowledgesText;
        }
    }

    private final Role role;
    private final String requestedNickname;
    private final String requestedRoom;
    private final SessionListener listener;
    private final TransportConfig config;
    final EventLoop loop;
    private final Supplier<ChannelFuture> dialer;
    private final ReconnectPolicy reconnect;
    private final Runnable onFinished;
    private final String target;
    private final WireFormat wireFormat;

    private volatile SessionState state = SessionState.CONNECTING;
    private volatile Channel channel;
    private volatile String nickname;
    private volatile String room;
    private final Set<String> participants = ConcurrentHashMap.newKeySet();
    private final Outbox outbox;
    private final ReceivedTexts received = new ReceivedTexts();
    /** Lets the relay recognise this session when it reconnects before its old connection is gone. */
    private final String sessionToken = java.util.HexFormat.of().formatHex(randomBytes());
    /**
     * Ids count up from a random start below 2^62 (so they never wrap): unique per session, and
     * nothing another client could guess from the clock.
     */
    private final AtomicLong nextMessageId = new AtomicLong(randomMessageIdStart());
    private final AtomicLong nextVideoSequence = new AtomicLong();
    private final AtomicReference<VideoFrame> videoSlot = new AtomicReference<>();
    private final AudioSender audioOut;
    private final AudioReceiver audioIn;
    /** Flow control of this side's video by the peer's receipts; null when this side has it off. */
    private final VideoWindow videoWindow;
    /** Whether the current connection's peer wants receipts (and sends them). */
    private volatile boolean receiptsToPeer;
    /** The highest sequence the application finished with, not yet sent as a receipt. */
    private final AtomicLong receiptPending = new AtomicLong();
    private final AtomicBoolean receiptScheduled = new AtomicBoolean();
    private final CompletableFuture<Session> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final FlowCounters flow = new FlowCounters();
    private final LongAdder textSent = new LongAdder();
    private final LongAdder textReceived = new LongAdder();
    private final LongAdder videoSent = new LongAdder();
    private final LongAdder videoReceived = new LongAdder();
    private final LongAdder videoDroppedAtHandoff = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    // Security, set by secure() before the first connection; the fingerprint on each handshake.
    private volatile java.util.function.Supplier<io.netty.channel.ChannelHandler> tlsLayer;
    private volatile java.util.Map<String, String> securedHelloAttributes = java.util.Map.of();
    private volatile dev.duplex.core.security.Fingerprint peerFingerprint;

    // Confined to the loop.
    private SessionError lastError;
    private boolean peerLeft;
    private int reconnectAttempt;
    private ScheduledFuture<?> reconnectTask;
    private LinkStats link = new LinkStats();
    private long receiptSent;
    private long highestVideoReceived;
    private String videoPeer = "";
    /** In direct mode, the other side's nickname from the handshake: the sender of what it sends. */
    private String directPeer;
    /** Texts arriving now are the relay's replay of history (until its HISTORY_END). */
    private boolean replaying;
    /** An oversized frame from the relay was reported on this connection (once is enough). */
    private boolean toldOversized;

    ConnectionSession(Role role, String nickname, String room, SessionListener listener, TransportConfig config,
                      EventLoop loop, Supplier<ChannelFuture> dialer, ReconnectPolicy reconnect, String target,
                      WireFormat wireFormat, Runnable onFinished) {
        this.role = role;
        this.requestedNickname = nickname;
        this.requestedRoom = room;
        this.nickname = nickname;
        this.room = room;
        this.listener = listener;
        this.config = config;
        this.loop = loop;
        this.dialer = dialer;
        this.reconnect = reconnect;
        this.target = target;
        this.wireFormat = wireFormat;
        this.onFinished = onFinished;
        this.outbox = new Outbox(config.maxUnacknowledgedTexts());
        this.videoWindow = config.videoWindow() > 0 ? new VideoWindow(config.videoWindow()) : null;
        this.audioOut = new AudioSender(loop, config.maxQueuedAudio());
        this.audioIn = new AudioReceiver(listener, config.audio());
    }

    /** The HELLO/WELCOME capabilities this side advertises. */
    int capabilities() {
        return Hello.CAP_TEXT | Hello.CAP_VIDEO | (videoWindow != null ? Hello.CAP_VIDEO_RECEIPTS : 0)
                | (role == Role.RELAY_CLIENT ? Hello.CAP_HISTORY_END : 0) | (config.audio() ? Hello.CAP_AUDIO : 0);
    }

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
        return flow;
    }

    /** Completes with this session after the first handshake, or fails with a sentence. */
    CompletableFuture<Session> connectedFuture() {
        return connected;
    }

    /** Starts the first connection attempt (connecting roles). */
    void dial() {
        loop.execute(() -> dialer.get().addListener(f -> {
            if (!f.isSuccess()) {
                onDialFailed(f.cause());
            }
        }));
    }

    // ---- called by SessionHandler, on the loop ----

    /**
     * HELLO attributes: where to resume the room's history, once a relay with a history welcomed us;
     * plus the security extras (a room secret).
     */
    java.util.Map<String, String> helloAttributes() {
        java.util.Map<String, String> all = new java.util.HashMap<>(securedHelloAttributes);
        all.put(dev.duplex.core.protocol.Hello.ATTR_SESSION, sessionToken);
        if (received.canResume()) {
            all.put(dev.duplex.core.protocol.Hello.ATTR_RESUME, Long.toString(received.lastSequence()));
        }
        return all;
    }

    /**
     * Sets this session's security before it dials or accepts: {@code tlsLayer} makes the TLS layer of
     * each connection ({@code null}: plaintext), {@code helloAttributes} go into every HELLO.
     */
    void secure(java.util.function.Supplier<io.netty.channel.ChannelHandler> tlsLayer,
                java.util.Map<String, String> helloAttributes) {
        this.tlsLayer = tlsLayer;
        this.securedHelloAttributes = java.util.Map.copyOf(helloAttributes);
    }

    /** A new TLS layer for the next connection, or {@code null} for plaintext. */
    io.netty.channel.ChannelHandler newTlsLayer() {
        return tlsLayer == null ? null : tlsLayer.get();
    }

    void onHandshake(Channel ch, String acceptedNickname, String acceptedRoom, List<String> initialParticipants,
                     long historyEpoch, int peerCapabilities) {
        received.onWelcome(historyEpoch);
        if (closeRequested.get()) {
            ch.close();
            return;
        }
        channel = ch;
        peerFingerprint = dev.duplex.core.security.ChannelIdentity.peerFingerprint(ch).orElse(null);
        link = DuplexPipeline.linkStats(ch);
        nickname = acceptedNickname;
        room = acceptedRoom;
        participants.clear();
        participants.addAll(initialParticipants);
        directPeer = otherThan(acceptedNickname, initialParticipants);
        replaying = role == Role.RELAY_CLIENT && (peerCapabilities & Hello.CAP_HISTORY_END) != 0;
        toldOversized = false;
        reconnectAttempt = 0;
        lastError = null;
        peerLeft = false;
        // Receipts only when both sides asked for them (never in the lecture's formats, whose peers send 0).
        boolean receipts = videoWindow != null && (peerCapabilities & Hello.CAP_VIDEO_RECEIPTS) != 0
                && !wireFormat.isLecture();
        receiptsToPeer = receipts;
        receiptSent = 0;
        highestVideoReceived = 0;
        receiptPending.set(0);
        if (videoWindow != null) {
            videoWindow.reset(receipts);
        }
        audioOut.connected(ch, acceptedNickname, config.audio() && (peerCapabilities & Hello.CAP_AUDIO) != 0
                && !wireFormat.isLecture());
        setState(SessionState.CONNECTED, "Connected to " + ch.remoteAddress() + ".");
        // Unacknowledged texts go out again, in order, with their ids: the relay dedupes.
        for (Outbox.Entry entry : outbox.pending()) {
            write(ch, entry);
        }
        if (!role.sendsHello || wireFormat.isLecture()) {
            connected.complete(this);
        }
        // A connecting side completes on the PRESENCE snapshot that follows WELCOME, so that
        // participants() is complete when connect() returns.
    }

    void onFrame(Channel ch, Frame frame) {
        if (frame instanceof TextFrame text) {
            if (role.acknowledgesText && !wireFormat.isLecture()) {
                ch.writeAndFlush(new Ack(text.messageId(), 0), ch.voidPromise());
            }
            if (!received.firstTime(text.roomSequence(), senderOf(text.sender()), text.messageId())) {
                return;
            }
            if (text.sender().equals(nickname) && outbox.acknowledge(text.messageId(), text.roomSequence())) {
                return; // our own message, replayed before its ACK came: that is its acknowledgement
            }
            textReceived.increment();
            bytesReceived.add(Wire.utf8Length(text.body()));
            listener.onText(this, new TextMessage(text.messageId(), text.roomSequence(), senderOf(text.sender()),
                    text.room(), text.body(), toInstant(text.timestampMicros()), replaying));
        } else if (frame instanceof VideoFrame video) {
            videoReceived.increment();
            highestVideoReceived = Math.max(highestVideoReceived, video.sequence());
            videoPeer = video.sender();
            byte[] jpeg = ByteBufUtil.getBytes(video.jpeg());
            bytesReceived.add(jpeg.length);
            long localCapture = video.captureTimeMicros() - link.clockOffsetMicros();
            listener.onVideo(this, new VideoMessage(senderOf(video.sender()), video.sequence(), localCapture, video.width(),
                    video.height(), jpeg, Clock.nowMicros()));
        } else if (frame instanceof AudioFrame audio) {
            audioIn.onFrame(this, audio, senderOf(audio.sender()), link.clockOffsetMicros());
        } else if (frame instanceof VideoReceipt receipt) {
            if (videoWindow != null && receiptsToPeer) {
                videoWindow.finished(receipt.sequence());
            }
        } else if (frame instanceof Ack ack) {
            received.sawSequence(ack.roomSequence());
            outbox.acknowledge(ack.messageId(), ack.roomSequence());
        } else if (frame instanceof Presence presence) {
            applyPresence(presence);
        } else if (frame instanceof HistoryEnd end && role == Role.RELAY_CLIENT) {
            received.sawSequence(end.roomSequence());
            replaying = false;
        } else if (frame instanceof ErrorFrame error) {
            if (error.messageId() != 0 && outbox.get(error.messageId()) != null) {
                // About one of our texts (refused, the connection stays): that send fails with the sentence.
                outbox.fail(error.messageId(), new DuplexException(error.code(), error.message()));
                return;
            }
            SessionError reported = new SessionError(error.code(), error.message());
            if (!error.code().isNotice()) {
                lastError = reported; // the reason of the close that follows
            }
            listener.onError(this, reported);
        } else if (frame instanceof Bye bye) {
            peerLeft = role != Role.RELAY_CLIENT;
            String who = role == Role.RELAY_CLIENT ? "The relay" : "Your peer";
            lastError = new SessionError(null, who + " closed the connection"
                    + (bye.reason().isEmpty() ? "." : ": " + bye.reason()));
            ch.close();
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "Unexpected " + frame.type() + " after the handshake.");
        }
    }

    /**
     * Who sent a TEXT or VIDEO: the relay fills the sender in (relay mode); in direct mode the
     * receiver does, with the name the peer gave in the handshake, whatever the frame says.
     */
    private String senderOf(String claimed) {
        return role == Role.RELAY_CLIENT || wireFormat.isLecture() || directPeer == null ? claimed : directPeer;
    }

    private static String otherThan(String self, List<String> names) {
        for (String name : names) {
            if (!name.equals(self)) {
                return name;
            }
        }
        return null;
    }

    private void applyPresence(Presence presence) {
        PresenceEvent.Kind kind = PresenceEvent.Kind.valueOf(presence.kind().name());
        switch (kind) {
            case SNAPSHOT -> {
                participants.clear();
                participants.addAll(presence.nicknames());
                if (directPeer == null) {
                    directPeer = otherThan(nickname, presence.nicknames());
                }
                connected.complete(this);
            }
            case JOINED -> participants.addAll(presence.nicknames());
            case LEFT -> presence.nicknames().forEach(participants::remove);
        }
        listener.onPresence(this, new PresenceEvent(kind, presence.room(), presence.nicknames()));
    }

    /**
     * The relay sent a frame over this side's limit; it was skipped without being buffered (see
     * {@code FrameLengthDecoder.skippingOversizedMedia}). Said once per connection.
     */
    void onOversizedFrameSkipped(FrameLengthDecoder.Skipped skipped) {
        if (!toldOversized) {
            toldOversized = true;
            listener.onError(this, new SessionError(ErrorCode.FRAME_TOO_LARGE, "The relay sent a " + skipped.type()
                    + " of " + skipped.payloadLength() + " bytes, over this side's limit of " + skipped.limit()
                    + " bytes: it was skipped."));
        } else {
            log.debug("Skipped another oversized {} from {}", skipped.type(), target);
        }
    }

    /** A failure on the connection (already being reported to the peer by the error handler). */
    void onChannelError(Throwable cause) {
        ErrorFrame error = ProtocolErrorHandler.toErrorFrame(cause);
        if (error != null && lastError == null) {
            lastError = new SessionError(error.code(), error.message());
            listener.onError(this, lastError);
        }
    }

    void onChannelClosed(Channel ch) {
        if (channel != null && ch != channel) {
            return;
        }
        boolean wasConnected = channel != null;
        channel = null;
        participants.clear();
        releaseVideoSlot();
        audioOut.disconnected();
        if (videoWindow != null) {
            videoWindow.reset(false); // no connection: no receipts to wait for (the next handshake decides again)
        }
        if (!wasConnected && !closeRequested.get()) {
            var pendingTrust = dev.duplex.core.security.ChannelIdentity.trustDecisionAfterClose(ch);
            if (pendingTrust.isPresent()) {
                awaitTrust(pendingTrust.get());
                return;
            }
        }
        if (!wasConnected && state == SessionState.RECONNECTING) {
            // A reconnection attempt failed before its handshake completed (say, the relay died again).
            if (closeRequested.get() || isFatal(lastError)) {
                outbox.failAll("The connection was lost before the message was acknowledged.");
                finish(lastError != null ? lastError.message() : "Closed.");
            } else {
                scheduleReconnect();
            }
            return;
        }
        if (!wasConnected) {
            failConnect(lastError != null
                    ? new DuplexException(lastError.code(), lastError.message())
                    : new DuplexException(ErrorCode.HANDSHAKE_TIMEOUT,
                    "The connection to " + target + " closed during the handshake: is it a duplex "
                            + (role == Role.RELAY_CLIENT ? "relay" : "peer") + "?"));
            finish(lastError != null ? lastError.message() : "Connection closed during the handshake.");
            return;
        }
        String reason = lastError != null ? lastError.message() : "The connection to " + target + " was lost.";
        if (closeRequested.get() || peerLeft || isFatal(lastError) || !reconnect.enabled()) {
            outbox.failAll("The connection was lost before the message was acknowledged.");
            finish(closeRequested.get() ? "Closed." : reason);
        } else {
            setState(SessionState.RECONNECTING, reason + " Reconnecting...");
            scheduleReconnect();
        }
    }

    /**
     * The other side gave up waiting while the person compared its fingerprint: once they trusted it,
     * connect again at once (the identity is now remembered, or trusted once for this session).
     */
    private void awaitTrust(java.util.concurrent.CompletionStage<Void> decision) {
        decision.whenComplete((trusted, refused) -> executeOrFinish(() -> {
            if (state == SessionState.CLOSED || closeRequested.get()) {
                return;
            }
            if (refused == null) {
                dial();
                return;
            }
            lastError = new SessionError(ErrorCode.ACCESS_DENIED, refused.getMessage());
            listener.onError(this, lastError);
            failConnect(new DuplexException(ErrorCode.ACCESS_DENIED, refused.getMessage()));
            finish(refused.getMessage());
        }));
    }

    private void onDialFailed(Throwable cause) {
        if (state == SessionState.CONNECTING) {
            DuplexException error = NetErrors.connectFailed(cause, target);
            failConnect(error);
            finish(error.getMessage());
        } else if (state == SessionState.RECONNECTING) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closeRequested.get()) {
            finish("Closed.");
            return;
        }
        reconnectAttempt++;
        if (!reconnect.allows(reconnectAttempt)) {
            finish("Gave up reconnecting to " + target + " after " + (reconnectAttempt - 1) + " attempts.");
            return;
        }
        Duration delay = reconnect.delayBefore(reconnectAttempt);
        log.debug("Reconnecting to {} in {} ms (attempt {})", target, delay.toMillis(), reconnectAttempt);
        reconnectTask = loop.schedule(() -> {
            if (!closeRequested.get()) {
                dialer.get().addListener(f -> {
                    if (!f.isSuccess()) {
                        onDialFailed(f.cause());
                    }
                });
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean isFatal(SessionError error) {
        if (error == null || error.code() == null) {
            return false;
        }
        return switch (error.code()) {
            case NICKNAME_TAKEN, INVALID_NAME, VERSION_MISMATCH, ACCESS_DENIED, NOT_DUPLEX -> true;
            default -> false;
        };
    }

    private void failConnect(DuplexException error) {
        connected.completeExceptionally(error);
    }

    private void finish(String reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
        releaseVideoSlot();
        audioOut.disconnected();
        if (videoWindow != null) {
            videoWindow.close();
        }
        outbox.failAll("The session is closed: the message may not have been delivered.");
        failConnect(new DuplexException(ErrorCode.INTERNAL, reason));
        setState(SessionState.CLOSED, reason);
        onFinished.run();
        closed.complete(null);
    }

    private void setState(SessionState next, String reason) {
        state = next;
        try {
            listener.onStateChanged(this, next, reason);
        } catch (RuntimeException e) {
            log.warn("Session listener failed on state {}", next, e);
        }
    }


    private void releaseVideoSlot() {
        if (videoWindow != null) {
            videoWindow.handedOff();
        }
        VideoFrame stale = videoSlot.getAndSet(null);
        if (stale != null) {
            stale.release();
        }
    }

    private static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    // ---- public API ----

    @Override
    public String nickname() {
        return nickname;
    }

    @Override
    public String room() {
        return room;
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public SocketAddress remoteAddress() {
        Channel ch = channel;
        return ch == null ? null : ch.remoteAddress();
    }

    @Override
    public java.util.Optional<dev.duplex.core.security.Fingerprint> peerFingerprint() {
        return java.util.Optional.ofNullable(peerFingerprint);
    }

    @Override
    public Set<String> participants() {
        return Set.copyOf(participants);
    }

    @Override
    public CompletableFuture<Delivery> sendText(String body) {
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        // As the relay will forward it (with the name and room it accepted), or as sent in direct mode.
        int payload = TextFrame.payloadLength(nickname, room, body);
        if (payload > config.frameLimits().maxTextPayload()) {
            result.completeExceptionally(new DuplexException(ErrorCode.FRAME_TOO_LARGE, "The message is too long ("
                    + payload + " bytes with its header; the limit is " + config.frameLimits().maxTextPayload() + ")."));
            return result;
        }
        if (state == SessionState.CLOSED) {
            result.completeExceptionally(new DuplexException(ErrorCode.INTERNAL,
                    "The session is closed: the message was not sent."));
            return result;
        }
        long id = nextMessageId.incrementAndGet();
        if (wireFormat.isLecture()) {
            sendUnacknowledged(id, body, result);
            return result;
        }
        if (!outbox.offer(new Outbox.Entry(id, Clock.nowMicros(), body, result))) {
            result.completeExceptionally(new DuplexException(ErrorCode.SLOW_CONSUMER,
                    "Too many messages are waiting for acknowledgement (" + outbox.size() + "); try again shortly."));
            return result;
        }
        // Written now if connected; otherwise it waits in the outbox and goes out on (re)connection.
        executeOrFinish(() -> {
            Channel ch = channel;
            Outbox.Entry entry = outbox.get(id);
            if (ch != null && state == SessionState.CONNECTED && entry != null) {
                write(ch, entry);
            }
        });
        return result;
    }

    private void write(Channel ch, Outbox.Entry entry) {
        TextFrame frame = new TextFrame(entry.messageId(), 0, entry.timestampMicros(), nickname, room, entry.body());
        ch.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                textSent.increment();
            } else if (f.cause() instanceof dev.duplex.core.transport.SlowConsumerException) {
                outbox.fail(entry.messageId(), new DuplexException(ErrorCode.SLOW_CONSUMER,
                        "The message could not be sent: " + f.cause().getMessage(), f.cause()));
            }
            // Any other failure is a broken connection: the entry stays for the next connection.
        });
    }

    /** The lecture's formats have no ACK: there a message counts as delivered once written. */
    private void sendUnacknowledged(long id, String body, CompletableFuture<Delivery> result) {
        Channel ch = channel;
        if (ch == null || state != SessionState.CONNECTED) {
            result.completeExceptionally(new DuplexException(ErrorCode.INTERNAL, "Not connected ("
                    + state.name().toLowerCase() + "): the message was not sent."));
            return;
        }
        ch.writeAndFlush(new TextFrame(id, 0, Clock.nowMicros(), nickname, room, body)).addListener(f -> {
            if (f.isSuccess()) {
                textSent.increment();
                result.complete(new Delivery(id, 0));
            } else {
                result.completeExceptionally(new DuplexException(ErrorCode.INTERNAL,
                        "The message could not be sent: " + f.cause().getMessage(), f.cause()));
            }
        });
    }

    @Override
    public boolean sendVideo(int width, int height, long captureTimeMicros, byte[] jpeg) {
        int payload = VideoFrame.payloadLength(nickname, jpeg.length);
        if (payload > config.frameLimits().maxVideoPayload()) {
            throw new IllegalArgumentException("JPEG of " + jpeg.length + " bytes is over the video frame limit of "
                    + config.frameLimits().maxVideoPayload() + " bytes: lower the quality or the resolution.");
        }
        if (channel == null || state != SessionState.CONNECTED) {
            return false;
        }
        long sequence = nextVideoSequence.incrementAndGet();
        VideoFrame frame = new VideoFrame(sequence, captureTimeMicros, width, height, nickname,
                Unpooled.wrappedBuffer(jpeg));
        if (videoWindow != null) {
            videoWindow.sent(sequence);
        }
        VideoFrame replaced = videoSlot.getAndSet(frame);
        if (replaced != null) {
            replaced.release();
            videoDroppedAtHandoff.increment();
        } else {
            loop.execute(this::writeLatestVideo);
        }
        return true;
    }

    private void writeLatestVideo() {
        VideoFrame frame = videoSlot.getAndSet(null);
        if (videoWindow != null) {
            videoWindow.handedOff();
        }
        if (frame == null) {
            return;
        }
        Channel ch = channel;
        if (ch == null) {
            frame.release();
            return;
        }
        ch.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                videoSent.increment();
            }
        });
    }

    @Override
    public boolean sendAudio(long captureTimeMicros, byte[] opus) {
        int payload = AudioFrame.payloadLength(nickname, opus.length);
        if (payload > config.frameLimits().maxAudioPayload()) {
            throw new IllegalArgumentException("Opus packet of " + opus.length + " bytes is over the audio frame limit of "
                    + config.frameLimits().maxAudioPayload() + " bytes: lower the bitrate.");
        }
        return state == SessionState.CONNECTED && audioOut.offer(captureTimeMicros, opus);
    }

    @Override
    public boolean audioNegotiated() {
        return state == SessionState.CONNECTED && audioOut.negotiated();
    }

    @Override
    public boolean awaitVideoWindow(long timeout, TimeUnit unit) throws InterruptedException {
        if (videoWindow == null) {
            return true;
        }
        videoWindow.pathRtt(link.bestRttMicros());
        return videoWindow.await(timeout, unit);
    }

    @Override
    public void videoFinished(VideoMessage frame) {
        if (!receiptsToPeer) {
            return;
        }
        receiptPending.accumulateAndGet(frame.sequence(), Math::max);
        // One write task at a time: receipts coalesce while the loop is busy (the highest one counts).
        if (receiptScheduled.compareAndSet(false, true)) {
            executeOrFinish(this::writeReceipt);
        }
    }

    private void writeReceipt() {
        receiptScheduled.set(false);
        Channel ch = channel;
        // Never beyond what this connection delivered: a late report about an earlier peer's frame is ignored.
        long sequence = Math.min(receiptPending.get(), highestVideoReceived);
        if (ch == null || !receiptsToPeer || sequence <= receiptSent) {
            return;
        }
        receiptSent = sequence;
        ch.writeAndFlush(new VideoReceipt(sequence, videoPeer), ch.voidPromise());
    }

    /** This side's frames the peer has not finished with (0 without flow control). */
    int videoUnfinished() {
        return videoWindow == null ? 0 : videoWindow.unfinished();
    }

    @Override
    public SessionStats stats() {
        LinkStats l = link;
        return new SessionStats(textSent.sum(), textReceived.sum(), videoSent.sum(), videoReceived.sum(),
                videoDroppedAtHandoff.sum() + flow.videoDropped(), bytesReceived.sum(), l.rttMicros(),
                l.clockOffsetMicros(), l.outboundDelayMicros(), audioOut.sent(), audioIn.received(),
                audioOut.dropped() + flow.audioDropped());
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    @Override
    public void close() {
        if (closed.isDone()) {
            return;
        }
        if (closeRequested.compareAndSet(false, true)) {
            executeOrFinish(() -> {
                Channel ch = channel;
                if (ch == null || !ch.isActive()) {
                    if (ch == null) {
                        finish("Closed.");
                    }
                    return;
                }
                ch.writeAndFlush(new Bye("")).addListener(f -> ch.close());
                // A peer that never takes the BYE must not hold the close up.
                loop.schedule(() -> ch.close(), 1, TimeUnit.SECONDS);
            });
        }
        if (!loop.inEventLoop()) {
            // On a copy: orTimeout fails the future it is called on, and closed must never fail
            // (a DirectListener frees its slot when it completes).
            closed.copy().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }

    private static long randomMessageIdStart() {
        return (new java.security.SecureRandom().nextLong() >>> 2) | 1L << 40;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Cuts the current connection without BYE, as a network failure would (for tests of recovery). */
    void dropConnection() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Runs on the loop; if the loop is already gone the session has finished, or finishes here. */
    private void executeOrFinish(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closed.complete(null);
        }
    }

    @Override
    public String toString() {
        return "Session[" + nickname + "@" + (room.isEmpty() ? target : room) + ", " + state + "]";
    }
}
