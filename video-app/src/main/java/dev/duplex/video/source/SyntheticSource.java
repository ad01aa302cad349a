package dev.duplex.video.source;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.duplex.core.transport.Clock;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A test pattern that needs no hardware: colour bars, a grid, a bouncing ball, a sweeping line and a
 * rotating hand (so motion is obvious), with the frame number and the capture time drawn in (so a
 * viewer can judge freshness by comparing with a clock).
 */
public final class SyntheticSource implements FrameSource {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    /** Colour bars, blue-green-red as OpenCV stores them: grey, yellow, cyan, green, magenta, red, blue, black. */
    private static final List<Bgr> BARS = List.of(new Bgr(192, 192, 192), new Bgr(0, 192, 192),
            new Bgr(192, 192, 0), new Bgr(0, 192, 0), new Bgr(192, 0, 192), new Bgr(0, 0, 192), new Bgr(192, 0, 0),
            new Bgr(16, 16, 16));

    private record Bgr(int b, int g, int r) {
    }

    private final int width;
    private final int height;
    private final double fps;
    private final String label;
    private final ZoneId zone = ZoneId.systemDefault();
    /** The label, white on black, drawn once; null without a label. */
    private final Mat labelImage;
    private long number;

    /**
     * @param width  pixels (expected: 16..4096)
     * @param height pixels (expected: 16..4096)
     * @param fps    the rate it is meant to be read at; the motion is computed from it
     * @param label  drawn in the corner (the sender's name), may be empty
     */
    public SyntheticSource(int width, int height, double fps, String label) {
        if (width < 16 || width > 4096 || height < 16 || height > 4096) {
            throw new IllegalArgumentException("size: " + width + "x" + height + " (expected: 16..4096 each)");
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps: " + fps + " (expected: > 0)");
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.label = label == null ? "" : label;
        this.labelImage = this.label.isEmpty() ? null : labelImage(this.label, width, height);
    }

    /**
     * The label as a BGR picture, white text on black (drawn onto the frame with max(), so the black
     * leaves the pattern as it is), in a logical font that Java maps to fonts covering Hangul and the
     * other scripts; at most the frame's width.
     */
    static Mat labelImage(String label, int frameWidth, int frameHeight) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.round(frameWidth / 640f * 22)));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D measure = probe.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        measure.dispose();
        int w = Math.max(1, Math.min(frameWidth - 16, metrics.stringWidth(label) + 4));
        int h = Math.max(1, Math.min(frameHeight / 2, metrics.getHeight()));
        BufferedImage text = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = text.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(font);
            g.drawString(label, 2, metrics.getAscent());
        } finally {
            g.dispose();
        }
        Mat mat = new Mat(h, w, CV_8UC3);
        mat.data().put(((DataBufferByte) text.getRaster().getDataBuffer()).getData());
        return mat;
    }

    @Override
    public CapturedFrame next() {
        long n = ++number;
        long now = Clock.nowMicros();
        Mat image = new Mat(height, width, CV_8UC3);
        // Frees the Points and Scalars of the drawing calls at once, not when the GC gets to them.
        PointerScope scope = new PointerScope();
        try {
            draw(image, n, now);
        } finally {
            scope.close();
        }
        return new CapturedFrame(image, n, now);
    }

    private void draw(Mat m, long n, long captureMicros) {
        double t = n / fps;
        // Background hue drifts slowly; bars and grid give the encoder real detail to work on.
        int shade = (int) (40 + 20 * Math.sin(t * 0.5));
        rectangle(m, new Point(0, 0), new Point(width - 1, height - 1), bgr(shade + 30, shade, shade / 2),
                FILLED, LINE_8, 0);
        int barHeight = height / 6;
        for (int i = 0; i < BARS.size(); i++) {
            int x0 = i * width / BARS.size();
            int x1 = (i + 1) * width / BARS.size() - 1;
            Bgr bar = BARS.get(i);
            rectangle(m, new Point(x0, 0), new Point(x1, barHeight), bgr(bar.b(), bar.g(), bar.r()), FILLED, LINE_8, 0);
        }
        Scalar gridColour = bgr(shade + 60, shade + 60, shade + 60);
        int step = Math.max(8, width / 16);
        for (int x = 0; x < width; x += step) {
            line(m, new Point(x, barHeight), new Point(x, height - 1), gridColour, 1, LINE_8, 0);
        }
        for (int y = barHeight; y < height; y += step) {
            line(m, new Point(0, y), new Point(width - 1, y), gridColour, 1, LINE_8, 0);
        }
        // A line sweeping across every two seconds.
        int sweepX = (int) ((t / 2 % 1) * width);
        line(m, new Point(sweepX, barHeight), new Point(sweepX, height - 1), bgr(0, 255, 255), 3, LINE_8, 0);
        // A ball bouncing between the walls.
        int radius = Math.max(4, Math.min(width, height) / 12);
        int ballX = radius + (int) (triangle(t / 3.0) * (width - 2 * radius));
        int ballY = barHeight + radius + (int) (triangle(t / 2.2) * (height - barHeight - 2 * radius));
        circle(m, new Point(ballX, ballY), radius, bgr(40, 120, 255), FILLED, LINE_AA, 0);
        // A hand turning once every two seconds, like a stopwatch.
        int cx = width / 2;
        int cy = barHeight + (height - barHeight) / 2;
        int arm = Math.min(width, height - barHeight) / 3;
        double angle = t * Math.PI;
        circle(m, new Point(cx, cy), arm, bgr(220, 220, 220), 2, LINE_AA, 0);
        line(m, new Point(cx, cy), new Point(cx + (int) (arm * Math.sin(angle)), cy - (int) (arm * Math.cos(angle))),
                bgr(255, 255, 255), 3, LINE_AA, 0);

        double textScale = Math.max(0.35, width / 640.0 * 0.8);
        int thickness = Math.max(1, (int) Math.round(textScale * 2));
        int lineHeight = (int) (textScale * 34);
        if (labelImage != null) {
            // Top right, drawn with Java's fonts (OpenCV's own draw ASCII only: a Korean name would be "???").
            int x = Math.max(0, width - labelImage.cols() - 8);
            int y = Math.min(height - labelImage.rows(), barHeight + lineHeight / 3);
            Mat area = m.apply(new Rect(x, y, labelImage.cols(), labelImage.rows()));
            max(area, labelImage, area);
        }
        String time = LocalTime.ofInstant(Instant.ofEpochSecond(captureMicros / 1_000_000,
                (captureMicros % 1_000_000) * 1_000), zone).format(TIME);
        String text = String.format(Locale.ROOT, "#%06d  %s", n, time);
        int boxTop = height - lineHeight - lineHeight / 2;
        rectangle(m, new Point(0, boxTop), new Point(width - 1, height - 1), bgr(0, 0, 0), FILLED, LINE_8, 0);
        putText(m, text, new Point(8, height - lineHeight / 2 - 2), FONT_HERSHEY_SIMPLEX, textScale,
                bgr(255, 255, 255), thickness, LINE_AA, false);
    }

    /** 0 → 1 → 0 over one period. */
    private static double triangle(double x) {
        double f = x % 1;
        return f < 0.5 ? f * 2 : 2 - f * 2;
    }

    private static Scalar bgr(int b, int g, int r) {
        return new Scalar(clamp(b), clamp(g), clamp(r), 0);
    }

    private static double clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Override
    public double framesPerSecond() {
        return fps;
    }

    @Override
    public String description() {
        return "synthetic test pattern";
    }

    @Override
    public void close() {
        // Only the label's picture is held between frames.
        if (labelImage != null) {
            labelImage.close();
        }
    }
}
