package dev.duplex.core.session;

/**
 * A video frame received: JPEG bytes plus what is needed to show and measure it.
 *
 * @param sender            who captured it
 * @param sequence          the sender's frame number
 * @param captureTimeMicros when it was captured, converted to this machine's clock using the
 *                          heartbeat clock-offset estimate (microseconds since the epoch)
 * @param width             pixel width
 * @param height            pixel height
 * @param jpeg              the compressed image (a copy owned by the receiver)
 * @param receivedMicros    when it arrived here
 */
public record VideoMessage(String sender, long sequence, long captureTimeMicros, int width, int height,
                           byte[] jpeg, long receivedMicros) {
}
