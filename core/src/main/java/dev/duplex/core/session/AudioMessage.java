package dev.duplex.core.session;

/**
 * A packet of voice received: 20 ms of sound as Opus, with what a jitter buffer needs.
 *
 * @param sender            who spoke
 * @param sequence          the sender's packet number (consecutive; a gap is a lost packet)
 * @param captureTimeMicros when its first sample was captured, converted to this machine's clock with
 *                          the heartbeat clock-offset estimate (microseconds since the epoch)
 * @param opus              the Opus packet (a copy owned by the receiver)
 * @param receivedMicros    when it arrived here
 */
public record AudioMessage(String sender, long sequence, long captureTimeMicros, byte[] opus, long receivedMicros) {
}
