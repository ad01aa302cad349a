package dev.duplex.core.relay;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.internal.security.RoomAccessHandler;
import dev.duplex.core.internal.security.RoomSecrets;
import dev.duplex.core.internal.security.TlsLayers;
import dev.duplex.core.internal.transport.ConnectionLimiter;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.GuardTally;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.internal.transport.RateLimitHandler;
import dev.duplex.core.internal.transport.ReadGateHandler;
import dev.duplex.core.internal.transport.RefuseConnectionHandler;
import dev.duplex.core.internal.transport.SecurityLayers;
import dev.duplex.core.internal.web.HttpsOnlyAnswer;
import dev.duplex.core.internal.web.WebPipeline;
import dev.duplex.core.internal.web.WebSite;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the relay puts around each accepted connection: the connection caps (a refused connection
 * gets {@code ERROR CAPACITY_EXCEEDED}), TLS, per-connection rate limits, the read gate, and the
 * room-secret check of HELLO. Shared by all the relay's connections; thread-safe.
 */
final class RelaySecurity {
    /** How long a refused connection may take to receive its ERROR before it is closed anyway. */
    private static final long REFUSAL_GRACE_MILLIS = 2000;

    private final TlsOptions tls;
    private final AbuseLimits limits;
    private final ChannelHandler access;
    private final RoomSecrets secrets;
    private final GuardTally counters = new GuardTally();
    private final ConnectionLimiter limiter;

    RelaySecurity(TlsOptions tls, AbuseLimits limits, RoomSecrets secrets) {
        if (tls != null && tls.identity().isEmpty()) {
            throw new IllegalStateException("A relay with TLS needs an identity: use tls(TlsOptions.server("
                    + "Identity.loadOrCreate(dataDirectory))).");
        }
        if (!secrets.isEmpty() && tls == null) {
            throw new IllegalStateException("Room secrets are only accepted over TLS: set tls(...) too, or leave "
                    + "the secrets out.");
        }
        this.tls = tls;
        this.limits = limits;
        this.secrets = secrets;
        this.access = secrets.isEmpty() ? null : new RoomAccessHandler(secrets);
        this.limiter = new ConnectionLimiter(limits, counters);
    }

    /**
     * Sets up an accepted connection: the member's pipeline inside the guards, or a refusal.
     *
     * @return true if admitted: then {@link #release} it once it is closed
     */
    boolean configure(SocketChannel ch, TransportConfig config, FlowCounters flow, Supplier<ChannelHandler> member) {
        InetAddress source = sourceOf(ch);
        ChannelHandler tlsLayer = tls == null ? null : TlsLayers.server(tls, config, "relay");
        String refusal = limiter.tryAcquire(source);
        if (refusal != null) {
            DuplexPipeline.configure(ch, config, OverflowPolicy.DISCONNECT, flow,
                    new RefuseConnectionHandler(new ErrorFrame(ErrorCode.CAPACITY_EXCEEDED, refusal),
                            REFUSAL_GRACE_MILLIS), SecurityLayers.tlsOnly(tlsLayer));
            return false;
        }
        startMember(ch, tlsLayer, config, flow, member.get());
        return true;
    }

    /**
     * Sets up a connection to the web port: the page and, once it is a WebSocket, the same member
     * pipeline inside the same guards as a TCP connection (TLS stays below the HTTP layers); or a refusal.
     *
     * @return true if admitted: then {@link #release} it once it is closed
     */
    boolean configureWeb(SocketChannel ch, TransportConfig config, FlowCounters flow, Supplier<ChannelHandler> member,
                         WebSite site) {
        InetAddress source = sourceOf(ch);
        ChannelHandler tlsLayer = tls == null ? null : TlsLayers.server(tls, config, "relay", HttpsOnlyAnswer.INSTANCE);
        String refusal = limiter.tryAcquire(source);
        if (refusal != null) {
            WebPipeline.refuse(ch, site, tlsLayer, refusal, REFUSAL_GRACE_MILLIS);
            return false;
        }
        WebPipeline.configure(ch, site, tlsLayer, Wire.maxFrameLength(config.frameLimits()),
                config.helloTimeout().toMillis(), upgraded -> startMember(upgraded, null, config, flow, member.get()));
        return true;
    }

    /** The member's duplex layers inside the guards, after whatever the channel has already. */
    private void startMember(Channel ch, ChannelHandler tlsLayer, TransportConfig config, FlowCounters flow,
                             ChannelHandler member) {
        DuplexPipeline.configure(ch, config, OverflowPolicy.DISCONNECT, flow, member,
                new SecurityLayers(tlsLayer, RateLimitHandler.create(limits, config.frameLimits(), counters),
                        ReadGateHandler.create(limits, counters),
                        access));
        // A TEXT or VIDEO over the limit is answered with a notice, not a close (the sender would resend it).
        DuplexPipeline.skipOversizedMedia(ch, config.frameLimits());
    }

    /** Frees the place of a connection that {@link #configure} admitted, once it is closed. */
    void release(Channel ch) {
        limiter.release(sourceOf(ch));
    }

    /** The peer's address; a channel keeps it after it is closed. */
    private static InetAddress sourceOf(Channel ch) {
        return ((InetSocketAddress) ch.remoteAddress()).getAddress();
    }

    /** Builds what the first connection would otherwise build on an event loop (the TLS context). */
    void prepare() {
        if (tls != null) {
            TlsLayers.prepareServer(tls);
        }
    }

    boolean isTls() {
        return tls != null;
    }

    Optional<Fingerprint> fingerprint() {
        return tls == null ? Optional.empty() : tls.identity().map(Identity::fingerprint);
    }

    GuardTally counters() {
        return counters;
    }

    AbuseLimits limits() {
        return limits;
    }

    RoomSecrets secrets() {
        return secrets;
    }

    int openConnections() {
        return limiter.open();
    }
}
