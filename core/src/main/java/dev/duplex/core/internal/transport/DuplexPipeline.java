package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.protocol.FrameCodecHandler;
import dev.duplex.core.internal.protocol.FrameLengthDecoder;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.transport.TransportConfig;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Assembles the one pipeline every duplex connection uses, server or client, from the bytes up
 * (layers in brackets are optional, see {@link SecurityLayers}):
 * <pre>
 *  socket
 *   [ssl]        SslHandler                 (added by the tls layer)
 *   [tls]        TLS layer                  (plaintext refused; pipeline starts once trusted)
 *   flush        FlushConsolidationHandler  (flushes during a read wait for its end)
 *   [rate-limit] RateLimitHandler           (frames/s and bytes/s per connection, on the stream; relay)
 *   framer       FrameLengthDecoder         (header checks, limits before buffering)
 *   codec        FrameCodecHandler          (bytes -> Frame; Frame / EncodedFrame -> bytes)
 *   [read-gate]  ReadGateHandler            (no reading while the output is stuck; relay)
 *   heartbeat    HeartbeatHandler           (PING/PONG, RTT, dead peer)
 *   backpressure BackpressureHandler        (latest video wins, bounded text queue)
 *   [access]     e.g. RoomAccessHandler     (HELLO checks such as room secrets; relay)
 *   session      the role's own handler     (relay member, client, direct peer)
 *   errors       ProtocolErrorHandler       (ERROR frame + close)
 * </pre>
 * Every slot costs memory on each connection (a handler context, and the handler unless it is a
 * shared one), so the layers are as few as their jobs allow, and a connection at rest holds no
 * timer of its own (heartbeats tick from one timer per event loop, {@code HeartbeatTicker}).
 */
public final class DuplexPipeline {
    public static final String FLUSH = "flush";
    public static final String FRAMER = "framer";
    public static final String CODEC = "codec";
    /** Name of the decoder slot of pipelines that decode and encode in two handlers (the lecture's formats). */
    public static final String DECODER = "decoder";
    /** Name of the encoder slot of pipelines that decode and encode in two handlers (the lecture's formats). */
    public static final String ENCODER = "encoder";
    public static final String HEARTBEAT = "heartbeat";
    public static final String BACKPRESSURE = "backpressure";
    public static final String SESSION = "session";
    public static final String ERRORS = "errors";
    public static final String TLS = "tls";
    public static final String RATE_LIMIT = "rate-limit";
    public static final String READ_GATE = "read-gate";
    public static final String ACCESS = "access";

    /**
     * Flushes made while a read is in progress (answers to what was read) wait for the end of the read,
     * or for this many of them. A flush from outside a read (a {@link WriteBatch} task, a PING, a
     * session's write) is passed at once: with {@code consolidateWhenNoReadInProgress} it would be
     * deferred to one more event-loop task per channel, so a batch written to 100 receivers in one
     * task would cost 100 more tasks to flush.
     */
    public static final int FLUSHES_PER_READ = 256;

    private DuplexPipeline() {
    }

    /** Adds every layer to {@code channel}'s pipeline, with {@code sessionHandler} as the role's logic. */
    public static void configure(Channel channel, TransportConfig config, OverflowPolicy overflowPolicy,
                                 FlowCounters counters, ChannelHandler sessionHandler) {
        configure(channel, config, overflowPolicy, counters, sessionHandler, SecurityLayers.NONE);
    }

    /** Adds every layer, and those of {@code layers} that are not {@code null} at their places. */
    public static void configure(Channel channel, TransportConfig config, OverflowPolicy overflowPolicy,
                                 FlowCounters counters, ChannelHandler sessionHandler, SecurityLayers layers) {
        ChannelPipeline p = channel.pipeline();
        addIfPresent(p, TLS, layers.tls());
        p.addLast(FLUSH, new FlushConsolidationHandler(FLUSHES_PER_READ, false));
        addIfPresent(p, RATE_LIMIT, layers.rateLimit());
        p.addLast(FRAMER, new FrameLengthDecoder(config.frameLimits()));
        p.addLast(CODEC, FrameCodecHandler.INSTANCE);
        addIfPresent(p, READ_GATE, layers.readGate());
        p.addLast(HEARTBEAT, new HeartbeatHandler(config.maxMissedHeartbeats(), new LinkStats()));
        p.addLast(BACKPRESSURE, new BackpressureHandler(config, overflowPolicy, counters));
        addIfPresent(p, ACCESS, layers.access());
        p.addLast(SESSION, sessionHandler);
        p.addLast(ERRORS, ProtocolErrorHandler.INSTANCE);
    }

    /**
     * Makes the framer of a configured {@code channel} skip a TEXT or VIDEO over its limit instead of
     * failing the connection ({@link FrameLengthDecoder#skippingOversizedMedia}): for the relay and
     * its clients, where one member's message must not cost another side its connection.
     */
    public static void skipOversizedMedia(Channel channel, FrameLimits limits) {
        channel.pipeline().replace(FRAMER, FRAMER, FrameLengthDecoder.skippingOversizedMedia(limits));
    }

    private static void addIfPresent(ChannelPipeline p, String name, ChannelHandler handler) {
        if (handler != null) {
            p.addLast(name, handler);
        }
    }

    /** Socket options every duplex connection uses: write buffer water marks, allocator, no Nagle delay. */
    public static void applyChildOptions(ServerBootstrap bootstrap, TransportConfig config) {
        bootstrap.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(config))
                .childOption(ChannelOption.ALLOCATOR, config.allocator())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true);
    }

    /** Same options as {@link #applyChildOptions} for a connecting channel. */
    public static void applyOptions(Bootstrap bootstrap, TransportConfig config, int connectTimeoutMillis) {
        applyCommon(bootstrap, config);
        bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    }

    private static void applyCommon(AbstractBootstrap<?, ?> bootstrap, TransportConfig config) {
        bootstrap.option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(config))
                .option(ChannelOption.ALLOCATOR, config.allocator())
                .option(ChannelOption.TCP_NODELAY, true);
    }

    private static WriteBufferWaterMark waterMark(TransportConfig config) {
        return new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark());
    }
}
