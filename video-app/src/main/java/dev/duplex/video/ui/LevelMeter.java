package dev.duplex.video.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import javax.swing.JComponent;

/**
 * How loud a voice is, as a bar on a decibel scale (-60 dBFS empty, 0 dBFS full): green, yellow
 * from -18 dBFS, red from -6 dBFS. Also drawn into a remote tile ({@link #paintBar}). EDT only.
 */
final class LevelMeter extends JComponent {
    private static final long serialVersionUID = 1L;
    private static final double FLOOR_DB = -60;

    private float level;

    LevelMeter(String name) {
        setName(name);
        setPreferredSize(new Dimension(80, 10));
        setToolTipText("How loud your microphone is (also while muted)");
    }

    /** The loudness to show, 0-1 (RMS of full scale). */
    void level(float value) {
        if (value != level) {
            level = value;
            repaint();
        }
    }

    float level() {
        return level;
    }

    /** The share of the bar a loudness fills, 0-1. */
    static double fraction(float level) {
        if (level <= 0) {
            return 0;
        }
        double db = 20 * Math.log10(level);
        return Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB));
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        paintBar((Graphics2D) graphics, 0, 0, getWidth(), getHeight(), level);
    }

    /** Paints a meter bar for {@code level} into {@code (x, y, width, height)}. */
    static void paintBar(Graphics2D g, int x, int y, int width, int height, float level) {
        g.setColor(new Color(40, 40, 40, 200));
        g.fillRect(x, y, width, height);
        double fraction = fraction(level);
        Color color = fraction > 0.9 ? new Color(0xe53935) : fraction > 0.7 ? new Color(0xfdd835) : new Color(0x43a047);
        g.setColor(color);
        g.fillRect(x, y, (int) Math.round(width * fraction), height);
    }
}
