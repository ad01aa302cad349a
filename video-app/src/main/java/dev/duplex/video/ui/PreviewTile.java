package dev.duplex.video.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicReference;

/** The local picture, small, over the remote video (picture-in-picture). */
final class PreviewTile extends ImageTile {
    private static final long serialVersionUID = 1L;

    private final transient AtomicReference<BufferedImage> preview;
    private final String caption;

    PreviewTile(AtomicReference<BufferedImage> preview, String caption) {
        this.preview = preview;
        this.caption = caption;
        setName("preview");
    }

    @Override
    BufferedImage currentImage() {
        return preview.get();
    }

    @Override
    boolean captionAtTop() {
        return false;
    }

    @Override
    String caption() {
        return caption;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        Graphics2D g = (Graphics2D) graphics.create();
        try {
            g.setColor(new Color(255, 255, 255, 200));
            g.setStroke(new BasicStroke(2));
            g.drawRect(1, 1, getWidth() - 2, getHeight() - 2);
        } finally {
            g.dispose();
        }
    }
}
