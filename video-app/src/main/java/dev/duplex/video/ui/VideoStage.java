package dev.duplex.video.ui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.LayoutManager;
import javax.swing.JLayeredPane;

/**
 * The video area: remote videos on top, filling all but a strip at the bottom, where the stats
 * (left) and the local preview (right) sit. Nothing is drawn over a remote picture, its name or
 * the "waiting" text.
 */
final class VideoStage extends JLayeredPane {
    private static final long serialVersionUID = 1L;
    private static final int MARGIN = 8;

    VideoStage(RemoteGrid remote, PreviewTile preview, StatsOverlay overlay) {
        setLayout(new StageLayout(remote, preview, overlay));
        add(remote, DEFAULT_LAYER);
        add(preview, PALETTE_LAYER);
        add(overlay, PALETTE_LAYER);
        setPreferredSize(new Dimension(800, 640));
    }

    /** Places the remote grid above the strip, and the stats and the preview in it. */
    private record StageLayout(RemoteGrid remote, PreviewTile preview, StatsOverlay overlay) implements LayoutManager {
        @Override
        public void layoutContainer(Container parent) {
            int w = parent.getWidth();
            int h = parent.getHeight();
            // The preview is a quarter of the width (4:3), but never more than a third of the height.
            int ph = Math.max(60, Math.min(w / 4 * 3 / 4, h / 3));
            int pw = ph * 4 / 3;
            int strip = ph + 2 * MARGIN;
            remote.setBounds(0, 0, w, h - strip);
            preview.setBounds(w - pw - MARGIN, h - strip + MARGIN, pw, ph);
            Dimension stats = overlay.getPreferredSize();
            overlay.setBounds(MARGIN, h - strip + MARGIN, Math.max(0, Math.min(stats.width, w - pw - 3 * MARGIN)),
                    Math.min(stats.height, ph));
        }

        @Override
        public Dimension preferredLayoutSize(Container parent) {
            return new Dimension(800, 640);
        }

        @Override
        public Dimension minimumLayoutSize(Container parent) {
            return new Dimension(320, 240);
        }

        @Override
        public void addLayoutComponent(String name, Component comp) {
        }

        @Override
        public void removeLayoutComponent(Component comp) {
        }
    }
}
