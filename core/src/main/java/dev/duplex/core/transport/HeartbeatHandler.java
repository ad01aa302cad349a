package dev.duplex.core.transport;

import dev.duplex.core.protocol.Ping;
import dev.duplex.core.protocol.Pong;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Liveness and round-trip time, without a timer of its own. After the {@link Handshake} it joins
 * its event loop's {@code HeartbeatTicker} for the interval, which ticks it every interval: each
 * tick sends PING, and if nothing at all was read since the previous tick it reports a silent
 * interval as a reader-idle {@link IdleStateEvent}, fired from the bottom of the pipeline so that
 * the layers below (e.g. {@link ReadGateHandler}, while it pauses reading) see it first. Any frame
 * read resets the count, and {@code maxMissed} silent intervals in a row close the connection with
 * {@link HeartbeatTimeoutException}: a dead peer is detected between {@code maxMissed} and
 * {@code maxMissed + 1} intervals after its last byte. It answers PING with PONG and turns PONG
 * into {@link LinkStats}. Per-connection state: one instance per channel.
 */
public final class HeartbeatHandler extends ChannelDuplexHandler {
    private final int maxMissed;
    private final LinkStats stats;
    private ChannelHandlerContext ctx;
    /** The ticker this handler is a member of, at {@code slot}; null before the handshake and after the end. */
    private HeartbeatTicker ticker;
    private int slot;
    /** Bytes were read since the last tick (set on every read batch, as IdleStateHandler does). */
    private boolean readSinceTick;
    private int missed;

    /**
     * @param maxMissed silent intervals tolerated before the peer is declared dead
     * @param stats     where round-trip time and clock offset are recorded
     */
    public HeartbeatHandler(int maxMissed, LinkStats stats) {
        if (maxMissed <= 0) {
            throw new IllegalArgumentException("maxMissed: " + maxMissed + " (expected: > 0)");
        }
        this.maxMissed = maxMissed;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        missed = 0;
        readSinceTick = true;
        if (msg instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.sendTimeMicros(), Clock.nowMicros()), ctx.voidPromise());
        } else if (msg instanceof Pong pong) {
            stats.record(pong.echoedSendTimeMicros(), pong.responderTimeMicros(), Clock.nowMicros());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Also a read that did not complete a frame (part of a large one): the peer is alive.
        readSinceTick = true;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Handshake handshake) {
            start(ctx, handshake.heartbeatInterval().toMillis());
        } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (++missed >= maxMissed) {
                ctx.fireExceptionCaught(new HeartbeatTimeoutException("No frame from the peer for " + missed
                        + " heartbeat intervals: the connection is dead."));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void start(ChannelHandlerContext ctx, long intervalMillis) {
        if (this.ctx != null || !ctx.channel().isActive()) {
            return;
        }
        this.ctx = ctx;
        sendPing(ctx);
        // Joining a running ticker, the first tick comes before a whole interval has passed: it must
        // not count as silence.
        readSinceTick = !HeartbeatTicker.join(ctx.executor(), intervalMillis, this);
    }

    /** Called by {@code ticker} when this handler joins it or moves to another of its slots. */
    void joined(HeartbeatTicker ticker, int slot) {
        this.ticker = ticker;
        this.slot = slot;
    }

    /** One heartbeat interval has passed: report silence, send PING. */
    void tick(HeartbeatTicker from) {
        if (from != ticker) {
            return;
        }
        try {
            if (readSinceTick) {
                readSinceTick = false;
            } else {
                ctx.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
            }
            if (ctx.channel().isActive() && !ProtocolErrorHandler.hasFailed(ctx.channel())) {
                sendPing(ctx);
            }
        } catch (RuntimeException e) {
            // This connection's failure must not stop the ticker, which serves the others too.
            ctx.fireExceptionCaught(e);
        }
    }

    /** The round-trip time and clock offset this handler measures. */
    public LinkStats linkStats() {
        return stats;
    }

    private static void sendPing(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new Ping(Clock.nowMicros()), ctx.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        if (ticker != null) {
            HeartbeatTicker from = ticker;
            ticker = null;
            from.leave(this, slot);
        }
    }
}
