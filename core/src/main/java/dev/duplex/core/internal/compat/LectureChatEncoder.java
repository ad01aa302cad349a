package dev.duplex.core.internal.compat;

import dev.duplex.core.internal.protocol.TextFrame;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link TextFrame}'s body as the lecture's window would: raw UTF-8 followed by a newline
 * (the tkinter text widget's {@code get(1.0, END)} ends with one). Nothing else is sent. Stateless.
 */
@ChannelHandler.Sharable
public final class LectureChatEncoder extends MessageToMessageEncoder<TextFrame> {
    public static final LectureChatEncoder INSTANCE = new LectureChatEncoder();

    private LectureChatEncoder() {
        super(TextFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, TextFrame text, List<Object> out) {
        String body = text.body().endsWith("\n") ? text.body() : text.body() + "\n";
        out.add(ByteBufUtil.writeUtf8(ctx.alloc(), body));
    }
}
