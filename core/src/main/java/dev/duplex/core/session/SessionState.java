package dev.duplex.core.session;

/** Where a {@link Session} is in its life: it only moves forward, except RECONNECTING back to CONNECTED. */
public enum SessionState {
    /** Dialling and handshaking for the first time. */
    CONNECTING,
    /** Handshake done: frames flow. */
    CONNECTED,
    /** The connection dropped; a new one is being attempted under the {@link ReconnectPolicy}. */
    RECONNECTING,
    /** Closed for good, by the user, the peer, or an error. */
    CLOSED
}
