package dev.duplex.video.adapt;

import dev.duplex.core.session.SessionStats;

/**
 * What the sending path did over one interval, the input of {@link AdaptiveQuality}.
 *
 * @param seconds        length of the interval
 * @param offered        frames offered to the connection
 * @param dropped        frames dropped because the path could not keep up (replaced by a newer one
 *                       before they could be written: the connection's backpressure)
 * @param sent           frames written to the connection (taken by the socket)
 * @param meanFrameBytes mean size of the frames encoded in the interval, or 0 if none
 * @param delayMicros    the outbound one-way delay (plus the clocks' constant offset) of a heartbeat
 *                       answered in the interval, or {@link #NO_DELAY} if none was: its rise above its recent
 *                       lowest is the queue on the way out, which is the only one this side's
 *                       sending fills (a queue on the way back, say another sender's frames
 *                       filling this side's downlink, does not show in it)
 * @param heldSeconds    how long the encoder waited in the interval for the receiver to finish
 *                       frames (its flow-control window was full): the link or the receiver, not
 *                       the budget, held the frame rate down for that long
 */
public record LinkSample(double seconds, long offered, long dropped, long sent, double meanFrameBytes,
                         long delayMicros, double heldSeconds) {
    /** No heartbeat was answered in the interval (or the format has none). */
    public static final long NO_DELAY = SessionStats.UNKNOWN;

    /** An interval in which the encoder never waited for the receiver. */
    public LinkSample(double seconds, long offered, long dropped, long sent, double meanFrameBytes, long delayMicros) {
        this(seconds, offered, dropped, sent, meanFrameBytes, delayMicros, 0);
    }

    /** Share of the interval the encoder waited for the receiver (0 to 1). */
    public double heldShare() {
        return seconds > 0 ? Math.min(1, heldSeconds / seconds) : 0;
    }

    /** Bytes per second that left through the socket. */
    public double sentBytesPerSecond() {
        return seconds > 0 ? sent * meanFrameBytes / seconds : 0;
    }
}
