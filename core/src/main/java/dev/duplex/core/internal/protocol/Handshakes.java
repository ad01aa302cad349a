package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.Names;

/**
 * Checks an accepting side applies to a HELLO, shared by the relay and the direct peer. Each
 * failure is a {@link ProtocolException} whose sentence is shown to the person who connected.
 */
public final class Handshakes {
    private Handshakes() {
    }

    /** Version and nickname checks; the room is checked only when {@code roomRequired}. */
    public static void checkHello(Hello hello, boolean roomRequired) {
        if (hello.version() != Wire.PROTOCOL_VERSION) {
            throw new ProtocolException(ErrorCode.VERSION_MISMATCH, "This side speaks duplex protocol version "
                    + Wire.PROTOCOL_VERSION + " but you sent version " + hello.version()
                    + ": update duplex so both sides match.");
        }
        String problem = Names.nicknameProblem(hello.nickname());
        if (problem == null && roomRequired) {
            problem = Names.roomProblem(hello.room());
        }
        if (problem != null) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, problem);
        }
    }

    /** The error for a frame that arrives before the handshake is complete. */
    public static ProtocolException notIdentified(Frame frame) {
        return new ProtocolException(ErrorCode.UNEXPECTED_FRAME,
                "Received " + frame.type() + " before HELLO: say HELLO first.");
    }
}
