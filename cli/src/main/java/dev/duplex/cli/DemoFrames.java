package dev.duplex.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small moving JPEG frames for the headless demo, made with the JDK's own encoder. */
final class DemoFrames {
    private final int width;
    private final int height;

    DemoFrames(int width, int height) {
        this.width = width;
        this.height = height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    byte[] next(String label, long tick) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(20, 24, 32));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(80, 160, 255));
            int x = (int) (tick * 7 % (width - 40));
            g.fillRect(x, height / 2 - 20, 40, 40);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString(label + " #" + tick, 8, 20);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(16 * 1024);
        try {
            ImageIO.write(image, "jpg", jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jpeg.toByteArray();
    }
}
