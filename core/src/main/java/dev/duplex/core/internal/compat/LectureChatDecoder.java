package dev.duplex.core.internal.compat;

import dev.duplex.core.internal.Checks;
import dev.duplex.core.internal.protocol.TextFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the lecture's chat format (Homework 12.1, port 24000): raw UTF-8 with no framing; the
 * lecture's receiver shows whatever one {@code recv(512)} returns. Here a message ends at a newline
 * (the lecture's window sends its text with a trailing newline) or, failing that, at the end of a
 * read burst, like the lecture. Unlike the lecture, a multi-byte character split across reads is
 * kept whole (its first bytes wait for the rest), and bytes that are not UTF-8 show as U+FFFD, never
 * as a broken character. A message without a newline is cut at {@code maxMessageChars}.
 * Per-connection state: one instance per channel.
 */
public final class LectureChatDecoder extends ByteToMessageDecoder {
    private final int maxMessageChars;
    private final String sender;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder line = new StringBuilder();
    private long nextId;

    public LectureChatDecoder(int maxMessageChars, String sender) {
        this.maxMessageChars = Checks.positive("maxMessageChars", maxMessageChars);
        this.sender = sender;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ByteBuffer bytes = in.nioBuffer();
        CharBuffer chars = CharBuffer.allocate(Math.max(16, bytes.remaining()));
        CoderResult result = utf8.decode(bytes, chars, false);
        if (result.isError()) {
            throw new IllegalStateException("REPLACE decoder reported " + result);
        }
        // Bytes left in `bytes` are the start of a character whose rest has not arrived yet.
        in.skipBytes(in.readableBytes() - bytes.remaining());
        chars.flip();
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (c == '\n') {
                emit(out);
            } else {
                line.append(c);
                if (line.length() >= maxMessageChars) {
                    emit(out);
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // The lecture's receiver treats each recv() as one message: so does a read burst here.
        if (line.length() > 0) {
            ctx.fireChannelRead(message());
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (in.isReadable()) {
            // A character cut off by the end of the stream.
            in.skipBytes(in.readableBytes());
            line.append('\uFFFD');
        }
        if (line.length() > 0) {
            out.add(message());
        }
    }

    private void emit(List<Object> out) {
        out.add(message());
    }

    private TextFrame message() {
        String body = stripCarriageReturn(line.toString());
        line.setLength(0);
        return new TextFrame(++nextId, 0, System.currentTimeMillis() * 1000, sender, "", body);
    }

    private static String stripCarriageReturn(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
