package dev.duplex.video.pipeline;

import java.awt.image.BufferedImage;

/**
 * A remote frame ready to paint: the decoded picture plus what is needed to measure it.
 *
 * @param sender        who sent it
 * @param sequence      the sender's frame number
 * @param captureMicros capture time on this machine's clock
 * @param receivedMicros when it arrived here
 * @param decodedMicros when decoding finished
 * @param image         the picture (never modified after creation)
 * @param messageWidth  the size the sender declared
 * @param messageHeight the size the sender declared
 * @param jpegBytes     its compressed size
 */
public record DecodedFrame(String sender, long sequence, long captureMicros, long receivedMicros,
                           long decodedMicros, BufferedImage image, int messageWidth, int messageHeight,
                           int jpegBytes) {
}
