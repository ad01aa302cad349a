package dev.duplex.core.relay;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.Checks;
import dev.duplex.core.internal.cluster.RedisEngine;
import dev.duplex.core.internal.engine.RelayEngine;
import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.history.SqliteEngine;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.security.RoomSecrets;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.NetErrors;
import dev.duplex.core.internal.transport.BatchLimits;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.internal.web.WebSite;
import dev.duplex.core.protocol.Ports;
import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.cluster.ClusterStats;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.MessageHistory;
import dev.duplex.core.relay.history.StoredMessage;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.core.transport.GuardCounters;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.core.web.WebOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duplex relay: clients join rooms by HELLO, and every TEXT and VIDEO a member sends is
 * forwarded to the room's other members, each through its own backpressure (a slow receiver never
 * slows the others).
 * <pre>{@code
 * try (RelayServer relay = RelayServer.builder().port(24100).build().start()) {
 *     relay.closeFuture().join();
 * }
 * }</pre>
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
    /** Least time between two announcements of joins in one room, unless set: 20 ms. */
    public static final Duration DEFAULT_PRESENCE_INTERVAL = Duration.ofMillis(20);
    /**
     * Event loops of a relay unless set: one per core. The relay's work is all CPU (no loop blocks),
     * and its history writer needs a share of a core too: with Netty's 2 x cores, loops take turns
     * on a core and a fan-out crosses more of them (BENCHMARKS.md, item 3).
     */
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    /** The longest {@link Builder#presenceInterval} allowed: 1 s (people notice a late JOINED). */
    public static final Duration MAX_PRESENCE_INTERVAL = Duration.ofSeconds(1);

    private final String bindHost;
    private final int requestedPort;
    private final TransportConfig config;
    private final EventLoops loops;
    private final boolean ownsLoops;
    private final int maxRooms;
    private final int maxMembersPerRoom;
    private final Duration presenceInterval;
    private final FlowCounters flow = new FlowCounters();
    private final LongAdder accepted = new LongAdder();
    /** Open connections; each leaves through one of the two listeners below, shared by all connections. */
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final ChannelFutureListener forgetRefused = f -> connections.remove(f.channel());
    private final ChannelFutureListener forgetAdmitted;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final Path historyFile;
    private final HistoryConfig historyConfig;
    /** The history writer's (and the cluster's callback thread's) write batches. */
    private final BatchLimits batchLimits;
    private final RelaySecurity security;
    /** Where the cluster's Redis is; null for the single-node relay. */
    private final ClusterConfig cluster;
    /** The rooms and the history, from {@link #start()} on. */
    private volatile RelayCore core;
    private volatile Channel serverChannel;
    /** The page and WebSocket port, when {@link Builder#web} asked for one. */
    private final WebOptions web;
    private volatile Channel webChannel;

    private RelayServer(Builder b) {
        this.bindHost = b.bindHost;
        this.requestedPort = b.port;
        this.config = b.config;
        this.ownsLoops = b.eventLoops == null;
        this.loops = ownsLoops ? EventLoops.create(b.threads, "duplex-relay") : b.eventLoops;
        this.maxRooms = b.maxRooms;
        this.maxMembersPerRoom = b.maxMembersPerRoom;
        this.presenceInterval = b.presenceInterval;
        this.historyFile = b.historyFile;
        this.historyConfig = b.historyConfig;
        this.batchLimits = new BatchLimits(b.maxBatchedWrites, b.writesPerFlush, b.writesPerTurn,
                b.maxCoalescedBytes);
        this.security = b.security();
        this.cluster = b.cluster;
        this.web = b.web;
        this.forgetAdmitted = f -> {
            connections.remove(f.channel());
            security.release(f.channel());
        };
    }

    /**
     * A builder with the defaults described on each of its methods (port {@code Ports.RELAY}, plaintext, no
     * history file).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting. Returns once bound; throws {@link DuplexException} with a sentence
     * if the address cannot be bound, the history cannot be opened or the cluster's Redis cannot be reached.
     */
    public RelayServer start() {
        security.prepare();
        RelayEngine engine;
        try {
            engine = cluster == null
                    ? new SqliteEngine(historyFile, historyConfig, batchLimits, Runnable::run)
                    : RedisEngine.connect(cluster, historyConfig, maxMembersPerRoom, batchLimits);
        } catch (RuntimeException e) {
            // No history, no Redis: the relay does not start, and leaves no event loops behind.
            if (ownsLoops) {
                loops.close();
            }
            throw e;
        }
        RelayCore started = new RelayCore(config, historyConfig, new Rooms(maxRooms, maxMembersPerRoom, presenceInterval), engine);
        core = started;
        ChannelFuture bound = bind(requestedPort, ch -> security.configure(ch, config, flow, started::newMember));
        if (!bound.isSuccess()) {
            stopAfterFailedStart();
            throw NetErrors.bindFailed(bound.cause(), bindHost + ":" + requestedPort,
                    " Is another relay running? Choose another port with --port.");
        }
        serverChannel = bound.channel();
        log.info("duplex relay listening on {} ({} transport, {})", serverChannel.localAddress(),
                loops.isEpoll() ? "epoll" : "nio", security.isTls()
                        ? "TLS, identity " + security.fingerprint().map(Object::toString).orElse("?") : "plaintext");
        if (web != null) {
            startWeb(started);
        }
        return this;
    }

    /** The web port: the page, and members over WebSocket through the same member logic. */
    private void startWeb(RelayCore started) {
        WebSite site;
        try {
            site = new WebSite(web, security.fingerprint(), config.frameLimits(), config.heartbeatInterval().toMillis());
        } catch (RuntimeException e) {
            serverChannel.close().awaitUninterruptibly();
            stopAfterFailedStart();
            throw e;
        }
        ChannelFuture bound = bind(web.port(), ch -> security.configureWeb(ch, config, flow, started::newMember, site));
        if (!bound.isSuccess()) {
            serverChannel.close().awaitUninterruptibly();
            stopAfterFailedStart();
            throw NetErrors.bindFailed(bound.cause(), bindHost + ":" + web.port(),
                    " Choose another port for the web page with --web, or turn it off with --no-web.");
        }
        webChannel = bound.channel();
        log.info("duplex relay's web page on {} ({})", webChannel.localAddress(), security.isTls() ? "https" : "http");
    }

    /** Binds a listening port whose connections {@code admit} sets up (true: admitted, to be released). */
    private ChannelFuture bind(int port, Predicate<SocketChannel> admit) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.increment();
                        connections.add(ch);
                        boolean admitted = false;
                        try {
                            admitted = admit.test(ch);
                        } finally {
                            // One listener per connection: a second would cost a list of listeners on each.
                            ch.closeFuture().addListener(admitted ? forgetAdmitted : forgetRefused);
                        }
                    }
                });
        DuplexPipeline.applyChildOptions(bootstrap, config);
        return bootstrap.bind(bindHost, port).awaitUninterruptibly();
    }

    private void stopAfterFailedStart() {
        if (ownsLoops) {
            loops.close();
        }
        core.close();
    }

    /** The bound port (the real one when 0 was asked). */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * The bound web port (the page and its WebSocket).
     *
     * @throws IllegalStateException if the relay has no web port ({@link Builder#web}) or is not started
     */
    public int webPort() {
        Channel ch = webChannel;
        if (ch == null) {
            throw new IllegalStateException(web == null ? "no web port: set web(...) on the builder"
                    : "not started: call start() first");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** True when the relay serves its web page ({@link Builder#web}). */
    public boolean hasWeb() {
        return web != null;
    }

    /** The address the relay listens on; only once started. */
    public InetSocketAddress localAddress() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("not started: call start() first");
        }
        return (InetSocketAddress) ch.localAddress();
    }

    /** A snapshot of the relay's counters: connections, rooms, members, frames, drops. */
    public RelayStats stats() {
        RelayCore c = core;
        if (c == null) {
            return new RelayStats(connections.size(), 0, 0, accepted.sum(), 0, 0, 0, flow.videoDropped(),
                    flow.overflows(), 0, flow.audioDropped());
        }
        RelayCounters counters = c.counters();
        return new RelayStats(connections.size(), c.rooms().count(), c.rooms().members(), accepted.sum(),
                counters.textRelayed.sum(), counters.videoRelayed.sum(), counters.deliveries.sum(),
                flow.videoDropped(), flow.overflows(), counters.audioRelayed.sum(), flow.audioDropped());
    }

    /** True when the relay accepts only TLS connections ({@link Builder#tls}). */
    public boolean isTls() {
        return security.isTls();
    }

    /** The fingerprint of the relay's TLS identity, for people to compare; empty in plaintext. */
    public Optional<Fingerprint> fingerprint() {
        return security.fingerprint();
    }

    /** What the abuse guards did: refused connections, rate-limited ones, read pauses. */
    public GuardCounters guardCounters() {
        return security.counters().snapshot();
    }

    /** Completes when the relay has been closed. */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** Says BYE to every connection, stops listening, and shuts down its own event loops. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            closeFuture.join();
            return;
        }
        try {
            if (serverChannel != null) {
                serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            if (webChannel != null) {
                webChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            Bye bye = new Bye("The relay is shutting down.");
            awaitAll(connections.stream().map(ch -> ch.writeAndFlush(bye)).toList(), 1000);
            awaitAll(connections.stream().map(Channel::close).toList(), 2000);
            RelayCore c = core;
            if (c != null) {
                c.close();
            }
            if (ownsLoops) {
                loops.close();
            }
        } finally {
            closeFuture.complete(null);
        }
    }

    /** Waits until every future is done, or {@code millis} have passed. */
    private static void awaitAll(List<ChannelFuture> futures, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (ChannelFuture f : futures) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    /**
     * The message history, read-only (available after {@link #start()}): what each room holds. Only
     * the relay itself stores messages.
     */
    public MessageHistory history() {
        RelayCore c = started();
        return new MessageHistory() {
            @Override
            public long epoch() {
                // In a cluster each room has its own epoch (in WELCOME), kept in Redis.
                return c.engine() instanceof SqliteEngine ? c.store().epoch() : 0;
            }

            @Override
            public List<StoredMessage> messages(String room) {
                return c.engine().messages(room);
            }
        };
    }

    /** True when this relay shares its rooms with other relays through Redis ({@link Builder#cluster}). */
    public boolean isClustered() {
        return cluster != null;
    }

    /** What the cluster engine did: media to and from other nodes, gaps filled, outages (zeros on a single node). */
    public ClusterStats clusterStats() {
        return started().engine().stats();
    }

    private RelayCore started() {
        RelayCore c = core;
        if (c == null) {
            throw new IllegalStateException("not started: call start() first");
        }
        return c;
    }

    /** The history store itself (for tests in this package). */
    MessageStore store() {
        return started().store();
    }

    /** Options of a relay; every bound has a default and is checked when set. */
    public static final class Builder {
        private String bindHost = "0.0.0.0";
        private int port = Ports.RELAY;
        private TransportConfig config = TransportConfig.DEFAULT;
        private EventLoops eventLoops;
        private int threads = DEFAULT_THREADS;
        private int maxRooms = 1024;
        private int maxMembersPerRoom = 256;
        private Duration presenceInterval = DEFAULT_PRESENCE_INTERVAL;
        private int maxBatchedWrites = WriteBatch.DEFAULT_MAX_WRITES;
        private int writesPerFlush = WriteBatch.DEFAULT_WRITES_PER_FLUSH;
        private int writesPerTurn = WriteBatch.DEFAULT_WRITES_PER_TURN;
        private int maxCoalescedBytes = WriteBatch.DEFAULT_MAX_COALESCED_BYTES;
        private Path historyFile;
        private HistoryConfig historyConfig = HistoryConfig.DEFAULT;
        private TlsOptions tls;
        private AbuseLimits limits = AbuseLimits.DEFAULT;
        private RoomSecrets roomSecrets = RoomSecrets.NONE;
        private ClusterConfig cluster;
        private WebOptions web;

        private Builder() {
        }

        /**
         * Also serves the web page on {@code value}'s port: people join from a browser, over a
         * WebSocket that carries the same frames through the same member logic, limits and guards
         * (https and wss with the relay's identity when {@link #tls} is set). Off by default.
         */
        public Builder web(WebOptions value) {
            this.web = Objects.requireNonNull(value, "web");
            return this;
        }

        /**
         * Accepts only TLS connections, presenting the identity of {@code value} (e.g.
         * {@code TlsOptions.server(Identity.loadOrCreate(dataDirectory))}); a plaintext client is told
         * that TLS is required. Without it the relay is plaintext (the library default, for
         * compatibility; {@code ./duplex server} uses TLS unless told {@code --plaintext}).
         */
        public Builder tls(TlsOptions value) {
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        /** Caps and rates against abuse; default {@link AbuseLimits#DEFAULT}. */
        public Builder limits(AbuseLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Protects {@code room} with a shared secret: only clients that send it in HELLO may join.
         * Needs {@link #tls}. Repeat for more rooms.
         */
        public Builder roomSecret(String room, String secret) {
            this.roomSecrets = roomSecrets.with(room, secret);
            return this;
        }

        private RelaySecurity security() {
            return new RelaySecurity(tls, limits, roomSecrets);
        }

        /**
         * SQLite file that keeps every room's messages across restarts (created if missing). By
         * default the history is in memory and lives as long as the relay.
         */
        public Builder historyFile(Path value) {
            this.historyFile = Objects.requireNonNull(value, "historyFile");
            return this;
        }

        /**
         * Joins a cluster: this relay shares its rooms (history, order, presence, video) with every
         * relay given the same Redis, so members on different relays are in one room. Without it the
         * relay is a single node with its history in SQLite ({@link #historyFile}, which a cluster
         * does not use). {@link #start()} fails with a sentence if Redis cannot be reached.
         */
        public Builder cluster(ClusterConfig value) {
            this.cluster = Objects.requireNonNull(value, "cluster");
            return this;
        }

        /** Bounds of the history (size and age per room, replay sizes); default {@link HistoryConfig#DEFAULT}. */
        public Builder historyConfig(HistoryConfig value) {
            this.historyConfig = Objects.requireNonNull(value, "historyConfig");
            return this;
        }

        /** Address to listen on (default 0.0.0.0, every interface). */
        public Builder bindHost(String value) {
            this.bindHost = Objects.requireNonNull(value, "bindHost");
            return this;
        }

        /** TCP port (default {@value Ports#RELAY}; 0 picks a free one). */
        public Builder port(int value) {
            this.port = Checks.inRange("port", value, 0, 65535);
            return this;
        }

        /** Per-connection limits and timings; default {@link TransportConfig#DEFAULT}. */
        public Builder config(TransportConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Shared event loops (the caller closes them); by default the relay makes its own. */
        public Builder eventLoops(EventLoops value) {
            this.eventLoops = Objects.requireNonNull(value, "eventLoops");
            return this;
        }

        /**
         * Threads of the relay's own event loops (default {@link #DEFAULT_THREADS}, one per core; 0:
         * Netty's default of 2 x cores).
         */
        public Builder threads(int value) {
            this.threads = Checks.notNegative("threads", value);
            return this;
        }

        /** Most rooms at once (default 1024). */
        public Builder maxRooms(int value) {
            this.maxRooms = Checks.positive("maxRooms", value);
            return this;
        }

        /** Most members per room (default 256). */
        public Builder maxMembersPerRoom(int value) {
            this.maxMembersPerRoom = Checks.positive("maxMembersPerRoom", value);
            return this;
        }

        /**
         * Least time between two announcements of joins (PRESENCE JOINED) in one room (default
         * {@link #DEFAULT_PRESENCE_INTERVAL}, 20 ms): a join after a quiet moment is announced at once,
         * joins that follow within the interval together at its end, so a room filling up costs each
         * member one frame per interval instead of one per join. A member's message is never relayed
         * before its join is announced. {@link Duration#ZERO}: after each round of reads.
         */
        public Builder presenceInterval(Duration value) {
            this.presenceInterval = Checks.inRange("presenceInterval", value, Duration.ZERO, MAX_PRESENCE_INTERVAL);
            return this;
        }

        /**
         * Most writes (ACKs and fan-out copies) the history writer collects before handing them to
         * the event loops (default {@value WriteBatch#DEFAULT_MAX_WRITES}); a batch of stored
         * messages is normally sent as a whole, one task per event loop and one flush per receiver.
         */
        public Builder maxBatchedWrites(int value) {
            this.maxBatchedWrites = Checks.positive("maxBatchedWrites", value);
            return this;
        }

        /**
         * Writes to one receiver within a batch of the history writer's writes after which that
         * receiver is flushed (default {@value WriteBatch#DEFAULT_WRITES_PER_FLUSH}); it is flushed at
         * the end of each turn of its event loop in any case ({@link #writesPerTurn}).
         */
        public Builder writesPerFlush(int value) {
            this.writesPerFlush = Checks.positive("writesPerFlush", value);
            return this;
        }

        /**
         * Writes of the history writer's batches an event loop makes before it reads its sockets
         * again (default {@value WriteBatch#DEFAULT_WRITES_PER_TURN}; a small text that joins a
         * receiver's run, {@link #maxCoalescedBytes}, counts a quarter of a write); the rest of a
         * large batch follows after that read, before any later batch, so each receiver keeps the order.
         */
        public Builder writesPerTurn(int value) {
            this.writesPerTurn = Checks.positive("writesPerTurn", value);
            return this;
        }

        /**
         * Most bytes of small TEXT and PRESENCE frames that an event loop's turn copies into one write
         * to a receiver (default {@value WriteBatch#DEFAULT_MAX_COALESCED_BYTES}; frames of at most a
         * quarter of it join; 0 to {@value BatchLimits#MAX_COALESCED_BYTES_LIMIT}, 0 writes each frame
         * alone). The receiver reads the same bytes; a run costs one pass through the pipeline and one
         * vector of the socket write instead of one per frame.
         */
        public Builder maxCoalescedBytes(int value) {
            this.maxCoalescedBytes = BatchLimits.checkMaxCoalescedBytes(value);
            return this;
        }

        /**
         * Builds the relay (not yet listening).
         *
         * @throws IllegalStateException if room secrets are set without TLS, or TLS without an identity
         */
        public RelayServer build() {
            return new RelayServer(this);
        }

    }
}
