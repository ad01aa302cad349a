package dev.duplex.core.internal.web;

import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the WebSocket meets the duplex pipeline. Until the WebSocket handshake is done the member's
 * layers do not exist and the connection must become a WebSocket within a deadline; once it is, this
 * handler has them added ({@code startMember}) and starts them ({@code channelActive}). From then on:
 * <pre>
 *  inbound   BinaryWebSocketFrame (one whole message)  ->  the bytes of exactly one duplex frame
 *            anything else (text, a message that is not one frame)  ->  error, close
 *  outbound  ByteBuf (one or more whole duplex frames)  ->  one BinaryWebSocketFrame per frame
 * </pre>
 * A message must hold one frame exactly: its header's payload length plus 6 is the message's
 * length; the framer above checks the rest of the header as for TCP. This handler also says
 * goodbye the WebSocket way: whenever the connection is closed from above (an ERROR then a close, the
 * relay shutting down) or refused below (a WebSocket ping, a message too big), one close frame with
 * the status leaves first. Per-connection state: one instance per channel.
 */
final class WebSocketBridge extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(WebSocketBridge.class);

    private final long deadlineMillis;
    private final Consumer<Channel> startMember;
    private boolean upgraded;
    private boolean closeSent;
    private ScheduledFuture<?> deadline;

    /**
     * @param deadlineMillis how long the connection may stay plain HTTP before it is closed
     * @param startMember    adds the member's layers after this handler (called once, on the event loop)
     */
    WebSocketBridge(long deadlineMillis, Consumer<Channel> startMember) {
        this.deadlineMillis = deadlineMillis;
        this.startMember = startMember;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startDeadline(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held: the member's layers start when the WebSocket does.
        startDeadline(ctx);
    }

    private void startDeadline(ChannelHandlerContext ctx) {
        if (deadline == null && !upgraded) {
            deadline = ctx.executor().schedule(() -> {
                log.debug("{} did not open a WebSocket within {} ms: closing", ctx.channel().remoteAddress(),
                        deadlineMillis);
                ctx.close();
            }, deadlineMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete && !upgraded) {
            upgraded = true;
            cancelDeadline();
            startMember.accept(ctx.channel());
            ctx.fireChannelActive();
            return;
        }
        if (evt instanceof WebSocketControlGuard.Refused refused) {
            closeWith(ctx, refused.status());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!upgraded) {
            // Requests for other paths never get this far (the page handler answers them).
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof BinaryWebSocketFrame binary) {
            ByteBuf bytes = binary.content();
            if (!isOneFrame(bytes)) {
                binary.release();
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "A WebSocket message must carry exactly one "
                        + "duplex frame (a 6-byte header and its payload); this one has " + bytes.readableBytes()
                        + " bytes.");
            }
            ctx.fireChannelRead(bytes);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (msg instanceof WebSocketFrame) {
            // Text messages: the protocol is binary. (Close, ping and pong are handled below us.)
            closeWith(ctx, new WebSocketCloseStatus(WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code(),
                    "duplex speaks binary messages only"));
        }
    }

    /** Sends one close frame with {@code status} (unless one was sent), then closes. */
    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        if (closeSent || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        closeSent = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (upgraded && !closeSent && ctx.channel().isActive()) {
            closeSent = true;
            // Netty's protocol handler below closes anyway if this write does not finish in time.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(f -> ctx.close(promise));
        } else {
            ctx.close(promise);
        }
    }

    /** True if {@code bytes} are one frame by length: the header's payload length accounts for the rest. */
    static boolean isOneFrame(ByteBuf bytes) {
        int length = bytes.readableBytes();
        return length >= Wire.HEADER_LENGTH
                && bytes.getUnsignedInt(bytes.readerIndex() + 2) == length - Wire.HEADER_LENGTH;
    }

    /**
     * Writes {@code bytes} as one WebSocket message per duplex frame: a relay's run of small frames
     * ({@code LoopWriter}) holds several. The promise goes with the last.
     */
    private static void writeFrames(ChannelHandlerContext ctx, ByteBuf bytes, ChannelPromise promise) {
        if (isOneFrame(bytes)) {
            ctx.write(new BinaryWebSocketFrame(bytes), promise);
            return;
        }
        try {
            int at = bytes.readerIndex();
            int end = bytes.writerIndex();
            do {
                long length = end - at >= Wire.HEADER_LENGTH ? Wire.HEADER_LENGTH + bytes.getUnsignedInt(at + 2) : -1;
                if (length < 0 || length > end - at) {
                    promise.tryFailure(new IllegalArgumentException("Outbound bytes are not whole duplex frames ("
                            + (end - at) + " bytes left at a frame's start)"));
                    return;
                }
                boolean last = at + length == end;
                ctx.write(new BinaryWebSocketFrame(bytes.retainedSlice(at, (int) length)),
                        last ? promise : ctx.voidPromise());
                at += (int) length;
            } while (at < end);
        } finally {
            bytes.release();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            if (upgraded) {
                writeFrames(ctx, bytes, promise);
            } else {
                // Before the WebSocket exists a frame has nowhere to go (e.g. the relay's BYE on shutdown).
                bytes.release();
                promise.tryFailure(new ClosedChannelException());
            }
        } else if (!upgraded && !(msg instanceof WebSocketFrame)) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!upgraded) {
            log.debug("Web connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // From the WebSocket decoder (e.g. 1009, a message too big), which leaves the close frame to us.
            log.info("Closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            closeWith(ctx, corrupted.closeStatus());
        } else if (cause instanceof TooLongFrameException) {
            // A message of many fragments, longer in all than the largest frame.
            log.info("Closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
