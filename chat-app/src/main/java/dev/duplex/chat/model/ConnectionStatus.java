package dev.duplex.chat.model;

import java.util.Objects;

/**
 * The connection as a person sees it: a state, a sentence saying what is going on, and the latest
 * heartbeat round-trip time.
 *
 * @param state     what the connection is doing
 * @param text      a sentence for the status bar ("Connected to 127.0.0.1:24100 as alice in lobby.")
 * @param rttMicros latest round-trip time in microseconds, or -1 while unknown
 * @param identity  over TLS, whose identity is verified, with its fingerprint ("relay SHA256:...";
 *                  when listening, this side's own), else empty
 */
public record ConnectionStatus(LinkState state, String text, long rttMicros, String identity) {
    /** The status before anything was started. */
    public static final ConnectionStatus OFFLINE = new ConnectionStatus(LinkState.OFFLINE, "Not connected.", -1);

    public ConnectionStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(identity, "identity");
    }

    /** A status without a TLS identity. */
    public ConnectionStatus(LinkState state, String text, long rttMicros) {
        this(state, text, rttMicros, "");
    }

    /** The same status with another round-trip time. */
    public ConnectionStatus withRtt(long value) {
        return new ConnectionStatus(state, text, value, identity);
    }

    /** True while connected, connecting, reconnecting or listening: something is running. */
    public boolean active() {
        return state != LinkState.OFFLINE;
    }
}
