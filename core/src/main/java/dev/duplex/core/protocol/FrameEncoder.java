package dev.duplex.core.protocol;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link Frame}s as bytes, and passes the bytes of an {@link EncodedFrame} through. Stateless.
 * The encoder releases what it is given; a VIDEO frame's JPEG is forwarded as a retained slice, not copied.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Object> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Frame || msg instanceof EncodedFrame;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof EncodedFrame encoded) {
            out.add(encoded.content().retain());
        } else {
            out.add(FrameCodec.encode((Frame) msg, ctx.alloc()));
        }
    }
}
