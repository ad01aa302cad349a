package dev.duplex.core.session;

import dev.duplex.core.internal.security.TlsLayers;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.core.transport.TransportConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Options shared by every way of opening a {@link Session}: nickname, listener, transport
 * configuration, event loops, reconnect policy, connect timeout.
 *
 * @param <B> the concrete builder, returned by each setter
 */
public abstract class SessionBuilder<B extends SessionBuilder<B>> {
    String nickname;
    SessionListener listener = new SessionListener() { };
    TransportConfig config = TransportConfig.DEFAULT;
    EventLoops eventLoops;
    ReconnectPolicy reconnect = ReconnectPolicy.NEVER;
    Duration connectTimeout = Duration.ofSeconds(5);
    WireFormat wireFormat = WireFormat.DUPLEX;
    TlsOptions tls;
    Map<String, String> securedHelloAttributes = Map.of();

    SessionBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Your name as others see it (1-32 characters). Required. */
    public B nickname(String value) {
        this.nickname = Names.requireNickname(value);
        return self();
    }

    /** Receives frames and state changes, on the session's event loop. */
    public B listener(SessionListener value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return self();
    }

    /** Limits and timings; default {@link TransportConfig#DEFAULT}. */
    public B config(TransportConfig value) {
        this.config = Objects.requireNonNull(value, "config");
        return self();
    }

    /**
     * Event loops to run on, shared with other sessions or servers; the caller closes them. By
     * default each session makes and closes its own single-threaded loop.
     */
    public B eventLoops(EventLoops value) {
        this.eventLoops = Objects.requireNonNull(value, "eventLoops");
        return self();
    }

    /** What to do when an established connection drops; default {@link ReconnectPolicy#NEVER}. */
    public B reconnect(ReconnectPolicy value) {
        this.reconnect = Objects.requireNonNull(value, "reconnect");
        return self();
    }

    /** How long one connection attempt may take (default 5 s). */
    public B connectTimeout(Duration value) {
        Objects.requireNonNull(value, "connectTimeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("connectTimeout: " + value + " (expected: > 0)");
        }
        this.connectTimeout = value;
        return self();
    }

    /**
     * The wire format (default {@link WireFormat#DUPLEX}); the lecture's formats exist for direct
     * sessions with the lecture's Python programs.
     */
    public B wireFormat(WireFormat value) {
        this.wireFormat = Objects.requireNonNull(value, "wireFormat");
        return self();
    }

    /**
     * Encrypts the connection with TLS: a connecting side checks the other side's identity against
     * these options (pinned fingerprint, known hosts, trust prompt), a listening direct peer presents
     * their identity. Without this the session is plaintext (the default, for compatibility; the
     * duplex apps and {@code ./duplex server} use TLS unless told {@code --plaintext}).
     */
    public B tls(TlsOptions value) {
        this.tls = Objects.requireNonNull(value, "tls");
        return self();
    }

    /** The TLS options, if any, after checking they fit the wire format. */
    TlsOptions checkedTls() {
        if (tls != null && wireFormat.isLecture()) {
            throw new IllegalStateException("The lecture's wire formats have no TLS: remove tls(...) (--plaintext "
                    + "in the apps) to talk to the lecture's programs.");
        }
        return tls;
    }

    void requireNickname() {
        if (nickname == null) {
            throw new IllegalStateException("nickname is required: call nickname(...) first.");
        }
    }

    /** Event loops for one session: the shared ones, or a private one closed with the session. */
    OwnedLoops loops() {
        return eventLoops != null ? new OwnedLoops(eventLoops, false)
                : new OwnedLoops(EventLoops.create(1, "duplex-session"), true);
    }

    /** Event loops and whether the session must close them. */
    record OwnedLoops(EventLoops loops, boolean owned) {
        Runnable closer() {
            return owned ? () -> loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS)
                    : () -> { };
        }
    }

    /** Opens a connecting session to {@code host:port}; the returned future completes on WELCOME. */
    CompletableFuture<Session> connect(Role role, String room, String host, int port) {
        requireNickname();
        return connect(role, room, List.of(new HostPort(host, port)));
    }

    /**
     * Opens a connecting session to the first of {@code addresses} that answers, and on every
     * reconnect tries them in turn from the one after the last used; completes on WELCOME.
     */
    CompletableFuture<Session> connect(Role role, String room, List<HostPort> addresses) {
        requireNickname();
        TlsOptions secure = checkedTls();
        OwnedLoops owned = loops();
        EventLoop loop = owned.loops().group().next();
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(owned.loops().socketChannelClass());
        DuplexPipeline.applyOptions(bootstrap, config, (int) connectTimeout.toMillis());
        RelayAddresses targets = new RelayAddresses(addresses);
        ConnectionSession[] holder = new ConnectionSession[1];
        ConnectionSession session = new ConnectionSession(role, nickname, room, listener, config, loop,
                () -> targets.dial(bootstrap, loop), reconnect, targets.describe(), wireFormat, owned.closer());
        holder[0] = session;
        if (secure != null) {
            // Each address has its own pinned identity (known hosts are per host and port).
            Map<HostPort, Supplier<ChannelHandler>> layers = new HashMap<>();
            for (HostPort address : targets.all()) {
                layers.put(address, TlsLayers.client(secure, address.host(), address.port(), config, role.otherSide));
            }
            session.secure(() -> layers.get(targets.current()).get(), securedHelloAttributes);
        } else {
            session.secure(null, securedHelloAttributes);
        }
        bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                Pipelines.configure(ch, holder[0], targets.current().host(), new SessionHandler(holder[0]));
            }
        });
        session.dial();
        return session.connectedFuture();
    }
}
