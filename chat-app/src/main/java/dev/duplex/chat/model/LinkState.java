package dev.duplex.chat.model;

/** What the chat's connection is doing, as the status bar shows it. */
public enum LinkState {
    /** No connection and not listening. */
    OFFLINE,
    /** Direct mode: waiting for a peer to connect. */
    LISTENING,
    /** Dialling and handshaking for the first time. */
    CONNECTING,
    /** Messages flow. */
    CONNECTED,
    /** The connection dropped; reconnecting with backoff. */
    RECONNECTING
}
