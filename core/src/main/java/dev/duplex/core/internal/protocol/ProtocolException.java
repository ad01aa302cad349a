package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import io.netty.handler.codec.DecoderException;

/**
 * A violation of the duplex protocol by the peer. It carries the {@link ErrorCode} to send back in
 * an ERROR frame; its message is a sentence for a person.
 */
public final class ProtocolException extends DecoderException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
