package dev.duplex.core.session;

import dev.duplex.core.protocol.ErrorCode;
import io.netty.channel.ConnectTimeoutException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** Turns socket failures into sentences a person can act on. */
final class ConnectErrors {
    private ConnectErrors() {
    }

    static DuplexException describe(Throwable cause, String target) {
        if (cause instanceof UnknownHostException) {
            return new DuplexException(ErrorCode.INTERNAL, "Unknown host in " + target + ": check the address.", cause);
        }
        if (cause instanceof ConnectTimeoutException) {
            return new DuplexException(ErrorCode.INTERNAL, "Timed out connecting to " + target
                    + ": is the address right and the port open?", cause);
        }
        if (cause instanceof ConnectException) {
            return new DuplexException(ErrorCode.INTERNAL, "Cannot reach " + target
                    + " — is the other side listening?", cause);
        }
        return new DuplexException(ErrorCode.INTERNAL, "Cannot connect to " + target + ": " + cause.getMessage(), cause);
    }

    static DuplexException describeBind(Throwable cause, String address) {
        if (cause instanceof BindException) {
            return new DuplexException(ErrorCode.INTERNAL, "Cannot listen on " + address
                    + ": the port is already in use or not allowed. Choose another port.", cause);
        }
        return new DuplexException(ErrorCode.INTERNAL, "Cannot listen on " + address + ": " + cause.getMessage(), cause);
    }
}
