package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.JpegEncoder;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decoding into pictures the display gave back: same pixels, almost no allocation per frame. */
class JpegFrameDecoderTest {
    private static final List<byte[]> JPEGS = new ArrayList<>();

    @BeforeAll
    static void encodeSomeFrames() {
        OpenCv.load();
        JpegEncoder encoder = new JpegEncoder();
        try (SyntheticSource source = new SyntheticSource(640, 480, 30, "test")) {
            for (int i = 0; i < 4; i++) {
                try (CapturedFrame frame = source.next()) {
                    JPEGS.add(encoder.encode(frame.image(), new EncodeSettings(90, 1)).bytes());
                }
            }
        }
    }

    private static VideoMessage message(int i) {
        return new VideoMessage("bob", i, 0, 640, 480, JPEGS.get(i % JPEGS.size()), 0);
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
    }

    @Test
    void aRecycledPictureIsDecodedIntoAgainWithTheRightPixels() {
        JpegFrameDecoder reusing = new JpegFrameDecoder();
        JpegFrameDecoder fresh = new JpegFrameDecoder();
        DecodedFrame first = reusing.decode(message(0));
        BufferedImage picture = first.image();
        first.recycle();
        DecodedFrame second = reusing.decode(message(1));
        assertThat(second.image()).as("the recycled picture").isSameAs(picture);
        assertThat(pixels(second.image())).isEqualTo(pixels(fresh.decode(message(1)).image()));
        assertThat(reusing.pool().reused()).isEqualTo(1);
        DecodedFrame third = reusing.decode(message(2));
        assertThat(third.image()).as("second not recycled: a new picture").isNotSameAs(second.image());
    }

    @Test
    void recyclingRemovesThePictureAllocationOfEveryFrame() {
        JpegFrameDecoder decoder = new JpegFrameDecoder();
        for (int i = 0; i < 20; i++) { // warm-up
            decoder.decode(message(i)).recycle();
        }
        long withoutRecycling = allocatedPerFrame(decoder, false);
        long withRecycling = allocatedPerFrame(decoder, true);
        // 640x480 BGR is 921 600 bytes (the first few frames without recycling still use the spares
        // left by the warm-up); the JPEG input (46 KB) is not copied on the heap here.
        assertThat(withoutRecycling).isGreaterThan(700_000);
        assertThat(withRecycling).isLessThan(50_000);
    }

    private static long allocatedPerFrame(JpegFrameDecoder decoder, boolean recycle) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int n = 20;
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < n; i++) {
            DecodedFrame frame = decoder.decode(message(i));
            if (recycle) {
                frame.recycle();
            }
        }
        return (threads.getThreadAllocatedBytes(id) - before) / n;
    }
}
