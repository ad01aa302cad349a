package dev.duplex.core.transport;

import dev.duplex.core.protocol.FrameDecoder;
import dev.duplex.core.protocol.FrameEncoder;
import dev.duplex.core.protocol.FrameLengthDecoder;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AttributeKey;

/**
 * Assembles the one pipeline every duplex connection uses, server or client, from the bytes up:
 * <pre>
 *  socket
 *   flush        FlushConsolidationHandler  (fewer syscalls when many writes flush)
 *   [idle]       IdleStateHandler           (added by heartbeat after the handshake)
 *   framer       FrameLengthDecoder         (header checks, limits before buffering)
 *   decoder      FrameDecoder               (bytes -> Frame)
 *   encoder      FrameEncoder               (Frame / EncodedFrame -> bytes)
 *   heartbeat    HeartbeatHandler           (PING/PONG, RTT, dead peer)
 *   backpressure BackpressureHandler        (latest video wins, bounded text queue)
 *   session      the role's own handler     (relay member, client, direct peer)
 *   errors       ProtocolErrorHandler       (ERROR frame + close)
 * </pre>
 */
public final class DuplexPipeline {
    public static final String FLUSH = "flush";
    public static final String FRAMER = "framer";
    public static final String DECODER = "decoder";
    public static final String ENCODER = "encoder";
    public static final String HEARTBEAT = "heartbeat";
    public static final String BACKPRESSURE = "backpressure";
    public static final String SESSION = "session";
    public static final String ERRORS = "errors";

    /** The heartbeat measurements of a channel. */
    public static final AttributeKey<LinkStats> LINK_STATS = AttributeKey.valueOf(DuplexPipeline.class, "linkStats");

    private DuplexPipeline() {
    }

    /** Adds every layer to {@code channel}'s pipeline, with {@code sessionHandler} as the role's logic. */
    public static void configure(Channel channel, TransportConfig config, OverflowPolicy overflowPolicy,
                                 FlowCounters counters, ChannelHandler sessionHandler) {
        LinkStats link = new LinkStats();
        channel.attr(LINK_STATS).set(link);
        ChannelPipeline p = channel.pipeline();
        p.addLast(FLUSH, new FlushConsolidationHandler(256, true));
        p.addLast(FRAMER, new FrameLengthDecoder(config.frameLimits()));
        p.addLast(DECODER, FrameDecoder.INSTANCE);
        p.addLast(ENCODER, FrameEncoder.INSTANCE);
        p.addLast(HEARTBEAT, new HeartbeatHandler(config.maxMissedHeartbeats(), link, FRAMER));
        p.addLast(BACKPRESSURE, new BackpressureHandler(config, overflowPolicy, counters));
        p.addLast(SESSION, sessionHandler);
        p.addLast(ERRORS, ProtocolErrorHandler.INSTANCE);
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
