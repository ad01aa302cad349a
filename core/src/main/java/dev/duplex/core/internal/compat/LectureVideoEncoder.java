package dev.duplex.core.internal.compat;

import dev.duplex.core.internal.protocol.VideoFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link VideoFrame} in the lecture's format: {@code str(len(jpeg)).ljust(16)} then the
 * JPEG bytes (not copied: a retained slice follows the header). Other fields are not sent: the
 * format has no place for them. Stateless.
 */
@ChannelHandler.Sharable
public final class LectureVideoEncoder extends MessageToMessageEncoder<VideoFrame> {
    public static final LectureVideoEncoder INSTANCE = new LectureVideoEncoder();

    private LectureVideoEncoder() {
        super(VideoFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, VideoFrame frame, List<Object> out) {
        ByteBuf jpeg = frame.jpeg();
        String length = Integer.toString(jpeg.readableBytes());
        ByteBuf header = ctx.alloc().buffer(LectureVideoDecoder.HEADER_LENGTH);
        header.writeCharSequence(length, StandardCharsets.US_ASCII);
        header.writeCharSequence(" ".repeat(LectureVideoDecoder.HEADER_LENGTH - length.length()), StandardCharsets.US_ASCII);
        out.add(header);
        out.add(jpeg.retainedSlice());
    }
}
