package dev.duplex.video.ui;

import dev.duplex.video.stats.StatsSnapshot;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;
import javax.swing.JComponent;

/** The numbers of the last second, drawn over the video on a translucent panel. */
final class StatsOverlay extends JComponent {
    private static final long serialVersionUID = 1L;
    private static final int PAD = 8;

    private transient List<String> lines = List.of("stats: waiting for the first second...");

    StatsOverlay() {
        setOpaque(false);
        setFont(new Font(Font.MONOSPACED, Font.BOLD, 12));
        setName("stats");
    }

    /** Shows {@code snapshot} (EDT). */
    void show(StatsSnapshot snapshot) {
        lines = snapshot.overlayLines();
        revalidate();
        repaint();
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public Dimension getPreferredSize() {
        FontMetrics fm = getFontMetrics(getFont());
        int width = lines.stream().mapToInt(fm::stringWidth).max().orElse(0);
        return new Dimension(width + 2 * PAD, lines.size() * fm.getHeight() + 2 * PAD);
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRoundRect(0, 0, getWidth(), getHeight(), 10, 10);
            g.setColor(new Color(120, 255, 120));
            g.setFont(getFont());
            FontMetrics fm = g.getFontMetrics();
            int y = PAD + fm.getAscent();
            for (String line : lines) {
                g.drawString(line, PAD, y);
                y += fm.getHeight();
            }
        } finally {
            g.dispose();
        }
    }
}
