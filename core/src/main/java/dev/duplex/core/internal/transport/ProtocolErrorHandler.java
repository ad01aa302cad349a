package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every pipeline: turns a failure into an ERROR frame for the peer (where the
 * connection can still carry one), logs it with the remote address, and closes the connection.
 * The server's other connections are untouched. Stateless.
 */
@ChannelHandler.Sharable
public final class ProtocolErrorHandler extends ChannelInboundHandlerAdapter {
    public static final ProtocolErrorHandler INSTANCE = new ProtocolErrorHandler();
    private static final Logger log = LoggerFactory.getLogger(ProtocolErrorHandler.class);

    /** How long an ERROR may take to leave before the connection is closed anyway. */
    static final long CLOSE_GRACE_MILLIS = 2000;

    private static final AttributeKey<Boolean> REPORTED = AttributeKey.valueOf(ProtocolErrorHandler.class, "reported");

    private ProtocolErrorHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Report once; stop reading: the rest of the stream cannot be trusted after a bad frame.
        if (ctx.channel().hasAttr(REPORTED) || ctx.channel().attr(REPORTED).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        ctx.channel().config().setAutoRead(false);
        ErrorFrame error = toErrorFrame(cause);
        if (error == null) {
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        if (error.code() == ErrorCode.INTERNAL) {
            log.warn("Closing {} after an internal error", ctx.channel().remoteAddress(), cause);
        } else {
            log.info("Closing {}: {} {}", ctx.channel().remoteAddress(), error.code(), error.message());
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
            // A peer that does not read would keep that write, and so the connection, pending forever.
            ctx.executor().schedule(() -> {
                ctx.close();
            }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }

    /** True once an error was reported on {@code channel} (it is being closed). */
    public static boolean hasFailed(Channel channel) {
        return channel.hasAttr(REPORTED);
    }

    /** The ERROR frame that reports {@code cause} to the peer, or {@code null} for a broken connection. */
    public static ErrorFrame toErrorFrame(Throwable cause) {
        Throwable root = cause instanceof DecoderException && !(cause instanceof ProtocolException)
                && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException p) {
            return new ErrorFrame(p.code(), p.getMessage());
        }
        if (root instanceof SlowConsumerException s) {
            return new ErrorFrame(ErrorCode.SLOW_CONSUMER, s.getMessage());
        }
        if (root instanceof HeartbeatTimeoutException h) {
            return new ErrorFrame(ErrorCode.HEARTBEAT_TIMEOUT, h.getMessage());
        }
        if (root instanceof IOException || root instanceof NotSslRecordException) {
            return null;
        }
        return new ErrorFrame(ErrorCode.INTERNAL, "Internal error; the connection is closed.");
    }
}
