package dev.duplex.core.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Turns each whole frame cut by {@link FrameLengthDecoder} into a typed {@link Frame}. Stateless. */
@io.netty.channel.ChannelHandler.Sharable
public final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final FrameDecoder INSTANCE = new FrameDecoder();

    private FrameDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(FrameCodec.decode(frame));
    }
}
