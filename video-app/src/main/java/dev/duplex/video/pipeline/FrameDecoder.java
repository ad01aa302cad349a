package dev.duplex.video.pipeline;

import dev.duplex.core.session.VideoMessage;

/** Turns a received frame into a paintable one; {@link JpegFrameDecoder} in production. */
@FunctionalInterface
public interface FrameDecoder {
    /**
     * @throws IllegalArgumentException if the frame cannot be decoded
     */
    DecodedFrame decode(VideoMessage message);
}
