package dev.duplex.core.session;

/**
 * What a direct session speaks on the wire. The duplex protocol is the default; the lecture formats
 * let a {@link Session} talk to the lecture's original Python programs (1:1 only, no handshake,
 * names, acknowledgements, timestamps or heartbeats: see PROTOCOL.md).
 */
public enum WireFormat {
    /** The duplex protocol (PROTOCOL.md). */
    DUPLEX,
    /** The lecture's chat (Homework 12.1, port 24000): raw UTF-8, one message per line or per read. */
    LECTURE_CHAT,
    /** The lecture's video chat (Homework 12.2, port 9999): 16-byte ASCII length, then a JPEG. */
    LECTURE_VIDEO;

    /** True for the lecture's formats. */
    public boolean isLecture() {
        return this != DUPLEX;
    }
}
