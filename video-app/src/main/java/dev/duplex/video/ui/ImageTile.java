package dev.duplex.video.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javax.swing.JComponent;

/**
 * Paints one picture scaled to fit (aspect kept, black bars) with a caption. Subclasses say which
 * picture is the latest; painting never waits for anything.
 */
abstract class ImageTile extends JComponent {
    private static final long serialVersionUID = 1L;
    /** A logical font: Java maps it to fonts that cover Hangul and other scripts, whatever the look. */
    static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    ImageTile() {
        setOpaque(true);
        setPreferredSize(new Dimension(320, 240));
    }

    /** The picture to paint now, or null. Called on the EDT. */
    abstract BufferedImage currentImage();

    /** The caption. */
    abstract String caption();

    /** True to draw the caption at the top right (remote tiles), false for the bottom left. */
    abstract boolean captionAtTop();

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics.create();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, getWidth(), getHeight());
            BufferedImage image = currentImage();
            if (image != null) {
                double scale = Math.min((double) getWidth() / image.getWidth(), (double) getHeight() / image.getHeight());
                int w = (int) Math.round(image.getWidth() * scale);
                int h = (int) Math.round(image.getHeight() * scale);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, (getWidth() - w) / 2, (getHeight() - h) / 2, w, h, null);
            }
            String caption = caption();
            if (!caption.isEmpty()) {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(CAPTION_FONT);
                int textWidth = g.getFontMetrics().stringWidth(caption);
                int x = captionAtTop() ? getWidth() - textWidth - 16 : 4;
                int y = captionAtTop() ? 4 : getHeight() - 24;
                g.setColor(new Color(0, 0, 0, 150));
                g.fillRoundRect(x, y, textWidth + 12, 20, 8, 8);
                g.setColor(Color.WHITE);
                g.drawString(caption, x + 6, y + 15);
            }
        } finally {
            g.dispose();
        }
    }
}
