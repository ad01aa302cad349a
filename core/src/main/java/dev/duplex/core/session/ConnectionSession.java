package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@link Session} behind every role: it puts together the parts that each do one job (the
 * {@link Lifecycle}, the text, video and audio {@link MediaStream}s, the {@link Participants}, the
 * counters, the security; what its connections bring goes to them through {@link ConnectionEvents})
 * and answers the public methods from them. Its connection state is confined to one event loop
 * ({@link #loop}); every channel it ever uses lives on that loop, so reconnects, frames and state
 * changes never race. Public methods may be called from any thread.
 */
final class ConnectionSession implements Session {
    private final Role role;
    private final String requestedNickname;
    private final String requestedRoom;
    private final TransportConfig config;
    private final EventLoop loop;
    private final String target;
    private final WireFormat wireFormat;
    private final boolean videoFlowControl;
    private final Lifecycle lifecycle;
    private final Participants participants;
    private final SessionCounters counters = new SessionCounters();
    private final SessionSecurity security = new SessionSecurity();
    private final TextSender textSender;
    private final TextReceiver textReceiver;
    private final VideoSender videoSender;
    private final VideoReceiver videoReceiver;
    private final AudioSender audioSender;
    private final AudioReceiver audioReceiver;
    /** Every stream, in the order a frame is offered to them. */
    private final List<MediaStream> streams;
    private final ConnectionEvents connections;

    /**
     * @param dialer     starts a connection attempt (null for an accepted session)
     * @param target     the other side as "host:port", for sentences
     * @param onFinished run once when the session has ended
     */
    ConnectionSession(Role role, String nickname, String room, SessionListener listener, TransportConfig config,
                      EventLoop loop, Supplier<? extends Future<?>> dialer, ReconnectPolicy reconnect, String target,
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
        boolean audio = config.audio() && !lecture;
        this.audioSender = new AudioSender(loop, lifecycle, participants, counters, config.frameLimits().maxAudioPayload(),
                config.maxQueuedAudio(), audio);
        this.audioReceiver = new AudioReceiver(loop, participants, counters, events, audio);
        this.streams = List.of(textReceiver, textSender, videoReceiver, videoSender, audioReceiver, audioSender);
        this.connections = new ConnectionEvents(this, loop, role, wireFormat, videoFlowControl, target, lifecycle,
                participants, counters, security, textReceiver, streams, events);
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
        return role.capabilities(videoFlowControl, config.audio() && !wireFormat.isLecture());
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

    /** Where the session's connections report what happens on them. */
    ConnectionEvents connections() {
        return connections;
    }

    /** HELLO attributes: the security extras, the session token, where to resume the room's history. */
    Map<String, String> helloAttributes() {
        return security.helloAttributes(textReceiver.resumeAfter());
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
        Channel ch = connections.current();
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
    public boolean sendAudio(long captureTimeMicros, byte[] opus) {
        return audioSender.send(captureTimeMicros, opus);
    }

    @Override
    public boolean audioNegotiated() {
        return audioSender.negotiated();
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
                Channel ch = connections.current();
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
        Channel ch = connections.current();
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
