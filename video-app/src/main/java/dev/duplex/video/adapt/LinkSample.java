package dev.duplex.video.adapt;

/**
 * What the sending path did over one interval, the input of {@link AdaptiveQuality}.
 *
 * @param offered   frames offered to the connection
 * @param dropped   frames dropped because the path could not keep up (replaced by a newer one
 *                  before they could be written: the connection's backpressure)
 * @param rttMicros latest round-trip time, or -1 if unknown
 */
public record LinkSample(long offered, long dropped, long rttMicros) {
}
