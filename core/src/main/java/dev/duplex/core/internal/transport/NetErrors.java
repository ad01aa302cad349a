package dev.duplex.core.internal.transport;

import dev.duplex.core.DuplexException;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.channel.ConnectTimeoutException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** Turns socket failures (NIO's and native epoll's alike) into sentences a person can act on. */
public final class NetErrors {
    private NetErrors() {
    }

    /** A failed connection attempt to {@code target} ("host:port"). */
    public static DuplexException connectFailed(Throwable cause, String target) {
        String message;
        if (cause instanceof UnknownHostException) {
            message = "Unknown host in " + target + ": check the address.";
        } else if (cause instanceof ConnectTimeoutException) {
            message = "Timed out connecting to " + target + ": is the address right and the port open?";
        } else if (cause instanceof ConnectException || mentions(cause, "refused")) {
            message = "Cannot reach " + target + " — is the other side listening?";
        } else {
            message = "Cannot connect to " + target + ": " + cause.getMessage();
        }
        return new DuplexException(ErrorCode.INTERNAL, message, cause);
    }

    /** A failed bind of {@code address} ("host:port"); {@code hint} is appended (may be empty). */
    public static DuplexException bindFailed(Throwable cause, String address, String hint) {
        String message = cause instanceof BindException || mentions(cause, "in use")
                ? "Cannot listen on " + address + ": the port is already in use." + hint
                : "Cannot listen on " + address + ": " + cause.getMessage() + hint;
        return new DuplexException(ErrorCode.INTERNAL, message, cause);
    }

    private static boolean mentions(Throwable cause, String words) {
        String m = cause.getMessage();
        return m != null && m.toLowerCase(java.util.Locale.ROOT).contains(words);
    }
}
