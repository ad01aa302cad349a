package dev.duplex.core.internal.security;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * What an accepting side's TLS layer sends, in plaintext, to a connection that does not start TLS
 * (or not in time), before closing it: the bytes that peer can read and show its user.
 */
@FunctionalInterface
public interface PlaintextAnswer {
    /** A duplex ERROR frame with the code and sentence: what a plaintext duplex client understands. */
    PlaintextAnswer DUPLEX_ERROR = (code, sentence, alloc) -> FrameCodec.encode(new ErrorFrame(code, sentence), alloc);

    /**
     * @param code     why ({@code ACCESS_DENIED}: not TLS; {@code HANDSHAKE_TIMEOUT}: nothing in time)
     * @param sentence the reason in words, for a duplex peer
     */
    ByteBuf encode(ErrorCode code, String sentence, ByteBufAllocator alloc);
}
