package dev.duplex.examples.sockets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a UTF-8 byte stream that arrives in arbitrary chunks, as TCP delivers it. A character
 * whose bytes are split between two chunks is held back until its last byte arrives, instead of
 * turning into two replacement characters (which is what decoding each chunk on its own, as
 * Python's {@code recv(1024).decode()} or Netty's {@code StringDecoder} do, gets wrong).
 * Malformed input becomes U+FFFD. One instance per stream; not thread-safe.
 *
 * <pre>
 *   chunk 1: 48 69 20 EC 95        -> "Hi "   (EC 95 held back: 2 of the 3 bytes of '안')
 *   chunk 2: 88 21                 -> "안!"   (EC 95 88 completes it)
 * </pre>
 */
public final class Utf8StreamDecoder {
    /** The longest UTF-8 sequence is 4 bytes, so at most 3 can be waiting for the rest. */
    private static final int MAX_PENDING = 3;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(MAX_PENDING);

    /** Decodes {@code chunk} (consuming it) and returns every character it completes. */
    public String decode(ByteBuffer chunk) {
        ByteBuffer in = chunk;
        if (pending.position() > 0) {
            pending.flip();
            in = ByteBuffer.allocate(pending.remaining() + chunk.remaining()).put(pending).put(chunk).flip();
            pending.clear();
        }
        // UTF-8 never yields more chars than bytes (a 4-byte sequence is 2 chars; U+FFFD replaces >= 1 byte).
        CharBuffer out = CharBuffer.allocate(in.remaining());
        CoderResult result = decoder.decode(in, out, false);
        if (result.isOverflow() || in.remaining() > MAX_PENDING) {
            throw new IllegalStateException("UTF-8 decoder stopped with " + in.remaining() + " bytes left: " + result);
        }
        pending.put(in);
        return out.flip().toString();
    }

    /** The end of the stream: returns what the held-back bytes decode to (U+FFFD if incomplete). */
    public String finish() {
        pending.flip();
        CharBuffer out = CharBuffer.allocate(MAX_PENDING + 1);
        decoder.decode(pending, out, true);
        decoder.flush(out);
        decoder.reset();
        pending.clear();
        return out.flip().toString();
    }
}
