package dev.duplex.video.call;

import dev.duplex.core.DuplexException;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.HostPort;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.video.VideoOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The network side of a call, whatever the mode: a relay session, a direct session, or a listener
 * that takes one peer after another. The pipeline asks it for the live session per frame.
 */
public interface CallConnection extends AutoCloseable {
    /**
     * How often a video connection measures its round trip and its queue on the way out: ten times
     * a second, so that a call's start above its link's rate is seen within a few tenths of a second
     * (a PING is 14 bytes and its PONG 22: about 3 kbit/s each way for each side that pings).
     */
    Duration HEARTBEAT_INTERVAL = Duration.ofMillis(100);
    /** Silent heartbeat intervals after which a video connection counts as dead (5 s). */
    int MAX_MISSED_HEARTBEATS = 50;

    /** The session frames go to now, or {@code null} while there is none. */
    Session current();

    /** Completes when the connection has ended for good on its own (not by {@link #close()}); never for a listener. */
    CompletableFuture<String> ended();

    /** Addresses a peer can use to reach this side (listen mode), else empty. */
    List<String> addresses();

    /** The port listened on (listen mode), else -1. */
    default int localPort() {
        return -1;
    }

    /** Says BYE, closes the connection and its threads. Idempotent. */
    @Override
    void close();

    /**
     * Connects (or starts listening) as the options say. Blocks until connected or bound.
     *
     * @throws DuplexException with a sentence if it cannot
     */
    static CallConnection open(VideoOptions options, SessionListener listener) {
        return switch (options.mode()) {
            case RELAY -> {
                DuplexClient.Builder client = DuplexClient.builder().addresses(HostPort.parseList(options.host(), options.port()))
                        .nickname(options.nickname()).room(options.room()).listener(listener)
                        .config(videoConfig(VideoOptions.DEFAULT_VIDEO_WINDOW, options.audio().enabled()))
                        .connectTimeout(options.connectTimeout())
                        .reconnect(ReconnectPolicy.exponentialBackoff());
                options.tls().ifPresent(client::tls);
                yield new SessionConnection(await(client.connect()));
            }
            case CONNECT -> {
                DirectPeer.Builder peer = DirectPeer.builder().nickname(options.nickname()).listener(listener)
                        .config(videoConfig(options.videoWindow(), options.audio().enabled()))
                        .connectTimeout(options.connectTimeout())
                        .wireFormat(options.wireFormat());
                options.tls().ifPresent(peer::tls);
                if (options.lecture()) {
                    // The lecture's server takes one client and ends with it: there is nothing to come back to.
                    peer.reconnect(ReconnectPolicy.NEVER);
                }
                yield new SessionConnection(await(peer.connect(options.host(), options.port())));
            }
            case LISTEN -> ListeningConnection.listen(options, listener,
                    videoConfig(options.videoWindow(), options.audio().enabled()));
        };
    }

    /**
     * Transport settings for video. A small write buffer (64/256 KiB instead of 256 KiB/1 MiB) keeps
     * few frames queued in the connection, so on a slow link frames are replaced (latest wins) rather
     * than waiting: what is queued there is latency (core also lets one video frame at a time into the
     * socket and caps the kernel's unsent bytes). Heartbeats every tenth of a second, to a relay too
     * (it answers every PING), so the adaptive control sees a queue build up with fresh figures
     * (and, while a call starts, looks at each of them); a peer counts as gone after
     * {@value #MAX_MISSED_HEARTBEATS} silent intervals (5 s), so a link that stalls for a few seconds does not end the call. A direct peer that reports the frames it finished lets this side encode
     * only a few frames ahead of its decoder (receiver-driven flow control); a relay that asks for
     * receipts gets them too and forwards to this side only a few frames ahead of them. The window is {@link VideoOptions#DEFAULT_VIDEO_WINDOW} frames; {@code --video-window} sets it.
     */
    static TransportConfig videoConfig() {
        return videoConfig(VideoOptions.DEFAULT_VIDEO_WINDOW);
    }

    /** {@link #videoConfig()} with {@code videoWindow} frames of flow control (0 = off). */
    static TransportConfig videoConfig(int videoWindow) {
        return videoConfig(videoWindow, false);
    }

    /** {@link #videoConfig(int)}, taking part in voice ({@code TransportConfig.audio}) when {@code audio}. */
    static TransportConfig videoConfig(int videoWindow, boolean audio) {
        return TransportConfig.DEFAULT.toBuilder().writeBufferWaterMarks(64 * 1024, 256 * 1024)
                .heartbeatInterval(HEARTBEAT_INTERVAL).maxMissedHeartbeats(MAX_MISSED_HEARTBEATS)
                .videoWindow(videoWindow).audio(audio).build();
    }

    private static Session await(CompletableFuture<Session> connecting) {
        try {
            return connecting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DuplexException d) {
                throw d;
            }
            throw e;
        }
    }
}
