package dev.duplex.core.internal.transport;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Turns socket failures (NIO's and native epoll's alike) into sentences a person can act on, told
 * apart by their types and error numbers, never by their messages.
 */
public final class NetErrors {
    /** EADDRINUSE on Linux, the only system with the native epoll transport (NIO throws a BindException). */
    private static final int LINUX_EADDRINUSE = 98;

    private NetErrors() {
    }

    /** A failed connection attempt to {@code target} ("host:port"). */
    public static DuplexException connectFailed(Throwable cause, String target) {
        String message;
        if (cause instanceof UnknownHostException) {
            message = "Unknown host in " + target + ": check the address.";
        } else if (cause instanceof ConnectTimeoutException) {
            message = "Timed out connecting to " + target + ": is the address right and the port open?";
        } else if (cause instanceof ConnectException) {
            // Also epoll's refusals (Errors.NativeConnectException is a ConnectException).
            message = "Cannot reach " + target + " — is the other side listening?";
        } else {
            message = "Cannot connect to " + target + ": " + cause.getMessage();
        }
        return new DuplexException(Status.of(Status.Kind.UNAVAILABLE, message), cause);
    }

    /** A failed bind of {@code address} ("host:port"); {@code hint} is appended (may be empty). */
    public static DuplexException bindFailed(Throwable cause, String address, String hint) {
        String message = addressInUse(cause)
                ? "Cannot listen on " + address + ": the port is already in use." + hint
                : "Cannot listen on " + address + ": " + cause.getMessage() + hint;
        return new DuplexException(Status.of(Status.Kind.UNAVAILABLE, message), cause);
    }

    private static boolean addressInUse(Throwable cause) {
        return cause instanceof BindException
                || cause instanceof Errors.NativeIoException n && n.expectedErr() == -LINUX_EADDRINUSE;
    }
}
