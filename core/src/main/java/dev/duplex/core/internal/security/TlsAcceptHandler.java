package dev.duplex.core.internal.security;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS layer of an accepting side (relay, listening peer). It looks at the first bytes: a TLS
 * record puts an {@link SslHandler} below this handler; anything else (a plaintext duplex client,
 * another protocol) gets a plaintext answer (an ERROR {@code ACCESS_DENIED} saying that TLS is
 * required, or what {@link PlaintextAnswer} the side chose) and a close. The rest of the pipeline
 * starts ({@code channelActive}) only once the handshake is done,
 * and writes made before that wait here, so nothing leaves unencrypted. The whole TLS handshake has
 * a deadline (the transport's handshake timeout). Per-connection state: one instance per channel.
 * <pre>
 *  first byte 0x16 (TLS handshake record), 5 bytes a TLS record header  -> TLS
 *  anything else (0xD5 = a plaintext duplex frame)                      -> ERROR, close
 * </pre>
 */
final class TlsAcceptHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(TlsAcceptHandler.class);
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    private static final int TLS_RECORD_HEADER = 5;

    private enum State { DETECTING, HANDSHAKING, ESTABLISHED, REFUSED }

    private final SslContext context;
    private final long deadlineMillis;
    private final String peerNoun;
    private final PlaintextAnswer answer;
    private State state = State.DETECTING;
    private ByteBuf head;
    private PendingWriteQueue pendingWrites;
    private boolean activeHeld;
    private ScheduledFuture<?> deadline;

    TlsAcceptHandler(SslContext context, long deadlineMillis, String peerNoun, PlaintextAnswer answer) {
        this.context = context;
        this.deadlineMillis = deadlineMillis;
        this.peerNoun = peerNoun;
        this.answer = answer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pendingWrites = new PendingWriteQueue(ctx);
        if (ctx.channel().isActive()) {
            startDeadline(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held until the connection is encrypted.
        activeHeld = true;
        startDeadline(ctx);
    }

    private void startDeadline(ChannelHandlerContext ctx) {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> onDeadline(ctx), deadlineMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void onDeadline(ChannelHandlerContext ctx) {
        if (state == State.DETECTING) {
            refuse(ctx, ErrorCode.HANDSHAKE_TIMEOUT, "No TLS handshake within " + deadlineMillis + " ms: closing.");
        } else if (state == State.HANDSHAKING) {
            log.debug("TLS handshake with {} did not finish within {} ms", ctx.channel().remoteAddress(), deadlineMillis);
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case DETECTING -> detect(ctx, (ByteBuf) msg);
            case REFUSED -> ReferenceCountUtil.release(msg);
            default -> ctx.fireChannelRead(msg);
        }
    }

    private void detect(ChannelHandlerContext ctx, ByteBuf in) {
        if (head == null) {
            head = in;
        } else {
            ByteBuf joined = ctx.alloc().buffer(head.readableBytes() + in.readableBytes());
            joined.writeBytes(head).writeBytes(in);
            head.release();
            in.release();
            head = joined;
        }
        if (!head.isReadable()) {
            return;
        }
        if (head.getUnsignedByte(head.readerIndex()) != TLS_HANDSHAKE_RECORD) {
            refuse(ctx, ErrorCode.ACCESS_DENIED, "This " + peerNoun + " requires TLS; connect without --plaintext.");
        } else if (head.readableBytes() >= TLS_RECORD_HEADER) {
            if (SslHandler.isEncrypted(head, false)) {
                startTls(ctx);
            } else {
                refuse(ctx, ErrorCode.ACCESS_DENIED, "This " + peerNoun + " requires TLS; connect without --plaintext.");
            }
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        state = State.HANDSHAKING;
        SslHandler ssl = context.newHandler(ctx.alloc());
        ssl.setHandshakeTimeoutMillis(deadlineMillis);
        ctx.pipeline().addBefore(ctx.name(), TlsConnectHandler.SSL_HANDLER_NAME, ssl);
        ByteBuf first = head;
        head = null;
        // The bytes already read belong to the TLS stream: hand them to the SslHandler below us.
        ChannelHandlerContext sslContext = ctx.pipeline().context(ssl);
        try {
            ssl.channelRead(sslContext, first);
            ssl.channelReadComplete(sslContext);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && state == State.HANDSHAKING) {
            if (done.isSuccess()) {
                established(ctx);
            } else {
                log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), String.valueOf(done.cause()));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void established(ChannelHandlerContext ctx) {
        state = State.ESTABLISHED;
        deadline.cancel(false);
        if (activeHeld) {
            ctx.fireChannelActive();
        }
        pendingWrites.removeAndWriteAll();
        ctx.flush();
        ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, ErrorCode code, String sentence) {
        state = State.REFUSED;
        if (deadline != null) {
            deadline.cancel(false);
        }
        releaseHead();
        pendingWrites.removeAndFailAll(new ClosedChannelException());
        ctx.channel().config().setAutoRead(false);
        log.info("Refusing {}: {}", ctx.channel().remoteAddress(), sentence);
        ctx.writeAndFlush(answer.encode(code, sentence, ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state == State.ESTABLISHED) {
            ctx.write(msg, promise);
        } else if (state == State.REFUSED) {
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new ClosedChannelException());
            }
        } else {
            pendingWrites.add(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.ESTABLISHED || state == State.REFUSED) {
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before the handshake is done nothing above has started: a failed handshake is only closed.
        log.debug("TLS with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cleanUp();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (state != State.ESTABLISHED) {
            cleanUp();
        }
    }

    private void cleanUp() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        releaseHead();
        if (pendingWrites != null && !pendingWrites.isEmpty()) {
            pendingWrites.removeAndFailAll(new ClosedChannelException());
        }
    }

    private void releaseHead() {
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
