package dev.duplex.video.pipeline;

import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.video.codec.JpegDecoder;
import dev.duplex.video.codec.MatImages;
import org.bytedeco.opencv.opencv_core.Mat;

/** Decodes with OpenCV and copies into a {@link java.awt.image.BufferedImage}, off the EDT. */
public final class JpegFrameDecoder implements FrameDecoder {
    private final JpegDecoder decoder = new JpegDecoder();

    @Override
    public DecodedFrame decode(VideoMessage message) {
        try (Mat image = decoder.decode(message.jpeg())) {
            return new DecodedFrame(message.sender(), message.sequence(), message.captureTimeMicros(),
                    message.receivedMicros(), Clock.nowMicros(), MatImages.toBufferedImage(image), message.width(),
                    message.height(), message.jpeg().length);
        }
    }
}
