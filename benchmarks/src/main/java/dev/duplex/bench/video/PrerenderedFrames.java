package dev.duplex.bench.video;

import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.JpegEncoder;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.SyntheticSource;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A second of the synthetic test pattern (video-app's {@link SyntheticSource}), drawn once, so that
 * drawing costs nothing while the codec and the network are measured. Also holds their JPEGs.
 */
public final class PrerenderedFrames implements AutoCloseable {
    private final List<Mat> images = new ArrayList<>();
    private final List<byte[]> jpegs = new ArrayList<>();
    private final int width;
    private final int height;

    public PrerenderedFrames(int width, int height, int count, int quality) {
        this.width = width;
        this.height = height;
        JpegEncoder encoder = new JpegEncoder();
        try (SyntheticSource source = new SyntheticSource(width, height, 30, "bench")) {
            for (int i = 0; i < count; i++) {
                try (CapturedFrame frame = source.next()) {
                    images.add(frame.image().clone());
                    jpegs.add(encoder.encode(frame.image(), new EncodeSettings(quality, 1)).bytes());
                }
            }
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int count() {
        return images.size();
    }

    /** Image {@code i} (modulo the count), shared: do not modify or close it. */
    Mat image(long i) {
        return images.get((int) (i % images.size()));
    }

    /** The JPEG of image {@code i} (modulo the count). */
    byte[] jpeg(long i) {
        return jpegs.get((int) (i % jpegs.size()));
    }

    public double meanJpegBytes() {
        return jpegs.stream().mapToInt(b -> b.length).average().orElse(0);
    }

    @Override
    public void close() {
        images.forEach(Mat::close);
        images.clear();
    }
}
