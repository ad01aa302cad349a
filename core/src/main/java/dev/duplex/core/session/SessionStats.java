package dev.duplex.core.session;

/**
 * A snapshot of a session's counters.
 *
 * @param textSent          texts written
 * @param textReceived      texts received
 * @param videoSent         video frames written to the connection
 * @param videoReceived     video frames received
 * @param videoDropped      video frames replaced by a newer one before they could be sent
 *                          (at the hand-off to the event loop, or in the backpressure slot)
 * @param bytesReceived     bytes of the text bodies (UTF-8) and JPEG images received
 * @param rttMicros         latest heartbeat round-trip time, or -1 before the first
 * @param clockOffsetMicros estimated peer clock minus local clock
 * @param outboundDelayMicros the latest heartbeat's one-way delay towards the peer plus the clocks'
 *                          offset ({@link #UNKNOWN} before the first; may be negative): its
 *                          rise above its recent lowest is a queue on the way out, told apart from
 *                          one on the way back
 * @param audioSent         audio packets written to the connection
 * @param audioReceived     audio packets received
 * @param audioDropped      audio packets dropped before they were written (hand-off overflow, no
 *                          connection, or older than the audio delay bound in the backpressure queue)
 */
public record SessionStats(long textSent, long textReceived, long videoSent, long videoReceived,
                           long videoDropped, long bytesReceived, long rttMicros, long clockOffsetMicros,
                           long outboundDelayMicros, long audioSent, long audioReceived, long audioDropped) {

    /** {@link #outboundDelayMicros()} before the first heartbeat was answered (any other value may be negative). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** The counters without audio (all three 0): the constructor of the API before voice, kept compatible. */
    public SessionStats(long textSent, long textReceived, long videoSent, long videoReceived, long videoDropped,
                        long bytesReceived, long rttMicros, long clockOffsetMicros, long outboundDelayMicros) {
        this(textSent, textReceived, videoSent, videoReceived, videoDropped, bytesReceived, rttMicros,
                clockOffsetMicros, outboundDelayMicros, 0, 0, 0);
    }
}
