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
 * @param image         the picture: not modified until {@link #recycle()} is called
 * @param messageWidth  the size the sender declared
 * @param messageHeight the size the sender declared
 * @param jpegBytes     its compressed size
 * @param lease         where the picture goes back for reuse, or {@code null} if it is not reused
 */
public record DecodedFrame(String sender, long sequence, long captureMicros, long receivedMicros,
                           long decodedMicros, BufferedImage image, int messageWidth, int messageHeight,
                           int jpegBytes, ImagePool.Lease lease) {

    /** A frame whose picture is never reused. */
    public DecodedFrame(String sender, long sequence, long captureMicros, long receivedMicros, long decodedMicros,
                        BufferedImage image, int messageWidth, int messageHeight, int jpegBytes) {
        this(sender, sequence, captureMicros, receivedMicros, decodedMicros, image, messageWidth, messageHeight,
                jpegBytes, null);
    }

    /**
     * The display is done with this frame for good: its picture may be decoded into again. Only the
     * display that was given the frame calls this, once it neither paints nor will paint the
     * picture; calling it again does nothing; never calling it only costs an allocation per frame.
     */
    public void recycle() {
        if (lease != null) {
            lease.giveBack();
        }
    }
}
