package dev.duplex.core.internal.transport;

import dev.duplex.core.transport.AbuseLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Stops reading from a connection while its output cannot be delivered: when the channel turns
 * unwritable (the peer does not take what is sent to it) auto-read goes off, and back on once it is
 * writable again. So a peer that sends without reading is slowed by TCP instead of filling the
 * server with answers it will not take.
 * <p>
 * Heartbeats: while reading is paused nothing is read, so {@link HeartbeatHandler} would report
 * silent intervals although the peer may be sending. Its reader-idle events start at the bottom of
 * the pipeline; sitting below it, this handler swallows them while paused, so a paused
 * peer is not declared dead by our own pause. Instead a pause longer than {@code maxPause} closes the
 * connection with {@code ERROR SLOW_CONSUMER} (checked at each reader-idle event, i.e. at heartbeat
 * granularity). Per-connection state: one instance per channel.
 */
public final class ReadGateHandler extends ChannelInboundHandlerAdapter {
    private final long maxPauseNanos;
    private final GuardTally counters;
    private final LongSupplier nanoClock;
    private boolean paused;
    private long pausedAt;
    private boolean stalled;

    /** The read gate of one connection under {@code limits}. */
    public static ReadGateHandler create(AbuseLimits limits, GuardTally counters) {
        return new ReadGateHandler(limits.maxReadPause(), counters, System::nanoTime);
    }

    ReadGateHandler(Duration maxPause, GuardTally counters, LongSupplier nanoClock) {
        this.maxPauseNanos = maxPause.toNanos();
        this.counters = counters;
        this.nanoClock = nanoClock;
    }

    /** True while reading is paused. */
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (!writable && !paused) {
            paused = true;
            pausedAt = nanoClock.getAsLong();
            counters.paused();
            ctx.channel().config().setAutoRead(false);
        } else if (writable && paused) {
            paused = false;
            if (!ProtocolErrorHandler.hasFailed(ctx.channel())) {
                ctx.channel().config().setAutoRead(true);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (paused && evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            long pausedFor = nanoClock.getAsLong() - pausedAt;
            if (maxPauseNanos > 0 && pausedFor >= maxPauseNanos && !stalled) {
                stalled = true;
                ctx.fireExceptionCaught(new SlowConsumerException("The peer has not taken what was sent to it for "
                        + TimeUnit.NANOSECONDS.toSeconds(pausedFor) + " s: disconnecting."));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
