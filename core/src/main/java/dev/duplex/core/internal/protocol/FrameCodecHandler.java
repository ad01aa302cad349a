package dev.duplex.core.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * The codec layer of the pipeline, both ways, with {@link FrameCodec}: inbound, each whole frame
 * cut by {@link FrameLengthDecoder} becomes a typed {@link Frame}; outbound, a {@link Frame} is
 * written as bytes and the bytes of an {@link EncodedFrame} pass through. Anything else passes
 * untouched. It releases what it is given; a VIDEO frame's JPEG is not copied either way (a
 * retained slice). Stateless, so one instance serves every channel, in one pipeline slot. (Netty 4.2's
 * {@code MessageToMessageDecoder} keeps per-channel read state in its fields, so a subclass of it
 * cannot be shared safely.)
 */
@ChannelHandler.Sharable
public final class FrameCodecHandler extends ChannelDuplexHandler {
    public static final FrameCodecHandler INSTANCE = new FrameCodecHandler();

    private FrameCodecHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Frame frame;
        try {
            frame = FrameCodec.decode(bytes);
        } catch (DecoderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecoderException(e);
        } finally {
            bytes.release();
        }
        ctx.fireChannelRead(frame);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof EncodedFrame encoded) {
            // The holder's reference is its content's: pass it on as it is (no retain and release of
            // a count that every receiver of a fan-out shares).
            ctx.write(encoded.content(), promise);
        } else if (msg instanceof Frame frame) {
            ByteBuf bytes;
            try {
                bytes = FrameCodec.encode(frame, ctx.alloc());
            } catch (RuntimeException e) {
                throw new EncoderException(e);
            } finally {
                ReferenceCountUtil.release(frame);
            }
            ctx.write(bytes, promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
