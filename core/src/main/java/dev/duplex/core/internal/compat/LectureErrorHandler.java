package dev.duplex.core.internal.compat;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a lecture-format pipeline: the lecture's programs understand no error frame, so
 * a failure is logged with the peer's address and the connection closed (the local user is told by
 * the session). Stateless.
 */
@ChannelHandler.Sharable
public final class LectureErrorHandler extends ChannelInboundHandlerAdapter {
    public static final LectureErrorHandler INSTANCE = new LectureErrorHandler();
    private static final Logger log = LoggerFactory.getLogger(LectureErrorHandler.class);

    private LectureErrorHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("Closing lecture-format connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }
}
