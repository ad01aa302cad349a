package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.transport.Clock;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Liveness and round-trip time, without a timer of its own. After the {@link Handshake} it joins
 * its event loop's {@code HeartbeatTicker} for the interval, which ticks it every interval: each
 * tick sends PING, and if nothing at all was read since the previous tick it reports a silent
 * interval as a reader-idle {@link IdleStateEvent}, fired from the bottom of the pipeline so that
 * the layers below (e.g. {@link ReadGateHandler}, while it pauses reading) see it first. When such
 * an event reaches this handler, nothing having been read for {@code maxMissed} intervals closes
 * the connection with {@link HeartbeatTimeoutException}; when that moment falls before the next
 * tick, one check is scheduled for it (on connections going silent only). So a dead peer is closed
 * {@code maxMissed} intervals after its last byte, not at the tick after that. The peer taking
 * what we sent (the channel writable again) counts as a sign of life too: that ends a pause of
 * the read gate, during which nothing could be read.
 * <p>
 * Before the handshake, PING and PONG are not answered here but passed up, so that the session
 * layer refuses them like any frame before HELLO. It answers PING with PONG and turns PONG into
 * {@link LinkStats}. Per-connection state: one instance per channel.
 */
public final class HeartbeatHandler extends ChannelDuplexHandler {
    /** What {@link #linkStats(Channel)} gives for a pipeline without heartbeats: never measured. */
    private static final LinkStats UNMEASURED = new LinkStats();

    private final int maxMissed;
    private final LinkStats stats;
    /** Set by the handshake; null before. */
    private ChannelHandlerContext ctx;
    /** The ticker this handler is a member of, at {@code slot}; null before the handshake and after the end. */
    private HeartbeatTicker ticker;
    private int slot;
    /** Bytes were read since the last tick (set on every read batch, as IdleStateHandler does). */
    private boolean readSinceTick;
    private long intervalNanos;
    /** When something was last read (or the peer last took our output), by the event loop's ticker. */
    private long lastLifeNanos;
    /** The one check scheduled for the exact deadline, while one is pending. */
    private ScheduledFuture<?> deadlineCheck;

    /**
     * @param maxMissed silent intervals tolerated before the peer is declared dead
     * @param stats     where round-trip time and clock offset are recorded
     */
    public HeartbeatHandler(int maxMissed, LinkStats stats) {
        this.maxMissed = Checks.positive("maxMissed", maxMissed);
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (this.ctx == null) {
            ctx.fireChannelRead(msg); // before the handshake: the session layer decides (only HELLO/WELCOME)
            return;
        }
        sawLife(ctx);
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
        sawLife(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            sawLife(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void sawLife(ChannelHandlerContext ctx) {
        readSinceTick = true;
        lastLifeNanos = ctx.executor().ticker().nanoTime();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Handshake handshake) {
            start(ctx, handshake.heartbeatInterval().toMillis());
        } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (this.ctx != null) {
                checkSilence(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Closes after {@code maxMissed} silent intervals, or schedules one check for that moment if it comes before the next tick. */
    private void checkSilence(ChannelHandlerContext ctx) {
        long deadline = maxMissed * intervalNanos;
        long silent = ctx.executor().ticker().nanoTime() - lastLifeNanos;
        if (silent >= deadline) {
            ctx.fireExceptionCaught(new HeartbeatTimeoutException(String.format(Locale.ROOT,
                    "Nothing received for %.1f s (%d heartbeat intervals of %d ms): the connection is dead.",
                    silent / 1e9, maxMissed, TimeUnit.NANOSECONDS.toMillis(intervalNanos))));
        } else if (silent + intervalNanos > deadline && deadlineCheck == null) {
            deadlineCheck = ctx.executor().schedule(() -> {
                deadlineCheck = null;
                if (ctx.channel().isActive() && ticker != null) {
                    // From the bottom again, so that a read gate pausing by then still has its say.
                    ctx.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
                }
            }, deadline - silent, TimeUnit.NANOSECONDS);
        }
    }

    private void start(ChannelHandlerContext ctx, long intervalMillis) {
        if (this.ctx != null || !ctx.channel().isActive()) {
            return;
        }
        this.ctx = ctx;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        sawLife(ctx);
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

    /**
     * The heartbeat measurements of {@code channel} (its heartbeat handler's, wherever it sits in the
     * pipeline), or for a pipeline without heartbeats (the lecture's formats) figures that stay unmeasured.
     */
    public static LinkStats linkStats(Channel channel) {
        HeartbeatHandler heartbeat = channel.pipeline().get(HeartbeatHandler.class);
        return heartbeat == null ? UNMEASURED : heartbeat.linkStats();
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
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
            deadlineCheck = null;
        }
        if (ticker != null) {
            HeartbeatTicker from = ticker;
            ticker = null;
            from.leave(this, slot);
        }
    }
}
