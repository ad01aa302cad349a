package dev.duplex.core.transport;

import dev.duplex.core.protocol.Ping;
import dev.duplex.core.protocol.Pong;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Liveness and round-trip time. After the {@link Handshake} it sends PING every interval and
 * installs an {@link IdleStateHandler} that reports each silent interval; any frame read resets the
 * count, and {@code maxMissed} silent intervals in a row close the connection with
 * {@link HeartbeatTimeoutException}. It answers PING with PONG and turns PONG into {@link LinkStats}.
 * Per-connection state: one instance per channel.
 */
public final class HeartbeatHandler extends ChannelDuplexHandler {
    /** Name of the idle handler it installs in the pipeline. */
    public static final String IDLE_HANDLER_NAME = "idle";

    private final int maxMissed;
    private final LinkStats stats;
    private final String insertBefore;
    private ScheduledFuture<?> pingTask;
    private int missed;

    /**
     * @param maxMissed    silent intervals tolerated before the peer is declared dead
     * @param stats        where round-trip time and clock offset are recorded
     * @param insertBefore name of the pipeline handler before which the idle handler goes
     */
    public HeartbeatHandler(int maxMissed, LinkStats stats, String insertBefore) {
        this.maxMissed = maxMissed;
        this.stats = stats;
        this.insertBefore = insertBefore;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        missed = 0;
        if (msg instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.sendTimeMicros(), Clock.nowMicros()), ctx.voidPromise());
        } else if (msg instanceof Pong pong) {
            stats.record(pong.echoedSendTimeMicros(), pong.responderTimeMicros(), Clock.nowMicros());
        } else {
            ctx.fireChannelRead(msg);
        }
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
        if (pingTask != null || !ctx.channel().isActive()) {
            return;
        }
        ctx.pipeline().addBefore(insertBefore, IDLE_HANDLER_NAME,
                new IdleStateHandler(intervalMillis, 0, 0, TimeUnit.MILLISECONDS));
        sendPing(ctx);
        pingTask = ctx.executor().scheduleAtFixedRate(() -> sendPing(ctx),
                intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
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
        if (pingTask != null) {
            pingTask.cancel(false);
        }
    }
}
