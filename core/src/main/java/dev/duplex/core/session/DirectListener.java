package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.security.TlsLayers;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.NetErrors;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.internal.transport.SecurityLayers;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.security.TlsOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A listening direct peer: accepts one peer at a time (a second caller while a session is live is
 * told the line is busy), each accepted connection becoming a {@link Session}. Close it to stop
 * listening and end the current session.
 */
public final class DirectListener implements AutoCloseable {
    private final Channel serverChannel;
    private final SessionBuilder.OwnedLoops loops;
    private final AtomicReference<ConnectionSession> current = new AtomicReference<>();
    private final CompletableFuture<Session> first = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DirectListener(Channel serverChannel, SessionBuilder.OwnedLoops loops) {
        this.serverChannel = serverChannel;
        this.loops = loops;
    }

    static DirectListener bind(SessionBuilder<?> options, String bindHost, int port, Consumer<Session> onAccepted) {
        TlsOptions tls = options.checkedTls();
        if (tls != null && tls.identity().isEmpty()) {
            throw new IllegalStateException("Listening with TLS needs an identity: use TlsOptions.builder()"
                    + ".identity(Identity.loadOrCreate(dir)).");
        }
        if (tls != null) {
            TlsLayers.prepareServer(tls); // not on the event loop of the first caller
        }
        SessionBuilder.OwnedLoops loops = options.loops();
        DirectListener[] self = new DirectListener[1];
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops.loops().group())
                .channel(loops.loops().serverChannelClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        self[0].accept(ch, options, onAccepted);
                    }
                });
        DuplexPipeline.applyChildOptions(bootstrap, options.config);
        ChannelFuture bound = bootstrap.bind(bindHost, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            loops.closer().run();
            throw NetErrors.bindFailed(bound.cause(), bindHost + ":" + port, " Choose another port.");
        }
        self[0] = new DirectListener(bound.channel(), loops);
        return self[0];
    }

    private void accept(SocketChannel ch, SessionBuilder<?> options, Consumer<Session> onAccepted) {
        EventLoop loop = ch.eventLoop();
        ConnectionSession session = new ConnectionSession(Role.DIRECT_ACCEPTOR, options.nickname, "",
                options.listener, options.config, loop, null, ReconnectPolicy.NEVER, String.valueOf(ch.remoteAddress()),
                options.wireFormat, () -> { });
        if (closed.get() || !current.compareAndSet(null, session)) {
            if (options.wireFormat.isLecture()) {
                ch.close(); // the lecture's formats cannot say why
                return;
            }
            DuplexPipeline.configure(ch, options.config, OverflowPolicy.REJECT, session.flow(),
                    new ChannelInboundHandlerAdapter(), SecurityLayers.tlsOnly(
                            options.tls == null ? null : TlsLayers.server(options.tls, options.config, "peer")));
            ch.writeAndFlush(new ErrorFrame(ErrorCode.CAPACITY_EXCEEDED,
                    "This peer is already in a conversation; try again later.")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (options.tls != null) {
            session.secure(() -> TlsLayers.server(options.tls, options.config, "peer"), Map.of());
        }
        session.closeFuture().thenRun(() -> current.compareAndSet(session, null));
        session.connectedFuture().thenAccept(s -> {
            first.complete(s);
            onAccepted.accept(s);
        });
        Pipelines.configure(ch, session, ch.remoteAddress().getAddress().getHostAddress(), new SessionHandler(session));
    }

    /** The address actually bound (with the real port when 0 was asked). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Completes with the first session accepted. */
    public CompletableFuture<Session> firstSession() {
        return first;
    }

    /** The live session, or {@code null} while waiting for a peer. */
    public Session currentSession() {
        ConnectionSession s = current.get();
        return s != null && s.state() == SessionState.CONNECTED ? s : null;
    }

    /** Stops listening, closes the live session (with BYE) and the owned event loops. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ConnectionSession s = current.get();
        if (s != null) {
            s.close();
        }
        serverChannel.close().awaitUninterruptibly();
        first.completeExceptionally(new DuplexException(Status.of(Status.Kind.CANCELLED, "Stopped listening.")));
        loops.closer().run();
    }
}
