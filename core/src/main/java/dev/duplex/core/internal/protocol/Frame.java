package dev.duplex.core.internal.protocol;

/**
 * One decoded duplex frame. Every frame on the wire is
 * <pre>
 * +-------+------+----------------+---------------------+
 * | magic | type | payload length | payload             |
 * | 0xD5  | u8   | u32 big-endian | payload-length bytes|
 * +-------+------+----------------+---------------------+
 *   1 byte  1 byte   4 bytes
 * </pre>
 * {@code PROTOCOL.md} draws each payload. Implementations are immutable; {@link VideoFrame} and
 * {@link AudioFrame} also hold a reference-counted buffer (JPEG, Opus).
 */
public sealed interface Frame
        permits Hello, Welcome, Bye, Ping, Pong, ErrorFrame, Presence, Ack, VideoReceipt, HistoryEnd, TextFrame,
        VideoFrame, AudioFrame {

    /** This frame's type byte. */
    FrameType type();
}
