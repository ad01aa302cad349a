package dev.duplex.video.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.transport.Clock;
import dev.duplex.video.codec.JpegDecoder;
import dev.duplex.video.codec.MatImages;
import java.awt.image.BufferedImage;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes with OpenCV and copies into a {@link BufferedImage}, off the EDT. Colour pictures are
 * copied into pictures the display gave back ({@link DecodedFrame#recycle()}) when it has any, so a
 * display that recycles makes decoding allocate almost nothing. For one decoder thread.
 */
public final class JpegFrameDecoder implements FrameDecoder {
    private final JpegDecoder decoder = new JpegDecoder();
    private final ImagePool pool = new ImagePool(ImagePool.DEFAULT_MAX_SPARE);

    @Override
    public DecodedFrame decode(VideoMessage message) {
        try (Mat image = decoder.decode(message.jpeg())) {
            BufferedImage picture;
            ImagePool.Lease lease = null;
            if (image.channels() == 3 && image.depth() == CV_8U) {
                lease = pool.take(image.cols(), image.rows(), BufferedImage.TYPE_3BYTE_BGR);
                picture = lease.image();
                MatImages.copyInto(image, picture);
            } else {
                picture = MatImages.toBufferedImage(image);
            }
            return new DecodedFrame(message.sender(), message.sequence(), message.captureTimeMicros(),
                    message.receivedMicros(), Clock.nowMicros(), picture, message.width(), message.height(),
                    message.jpeg().length, lease);
        }
    }

    /** The pictures this decoder decodes into (for tests and measurements). */
    public ImagePool pool() {
        return pool;
    }
}
