package dev.duplex.video.codec;

/**
 * A compressed frame ready for {@code Session.sendVideo}.
 *
 * @param bytes   the JPEG
 * @param width   its pixel width (after scaling)
 * @param height  its pixel height
 * @param quality the JPEG quality used
 */
public record EncodedJpeg(byte[] bytes, int width, int height, int quality) {
}
