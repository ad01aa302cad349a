package dev.duplex.chat.model;

/**
 * Where one of your own messages is: waiting for the relay's (or peer's) acknowledgement, sent,
 * or not sent. Entries that are not your own messages are always {@link #SENT}: they are facts.
 */
public enum SendState {
    /** Written to the connection; no acknowledgement yet. */
    PENDING,
    /** Acknowledged by the relay or the peer. */
    SENT,
    /** Not sent, or the connection dropped before the acknowledgement; the entry's detail says why. */
    FAILED
}
