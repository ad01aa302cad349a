package dev.duplex.video.ui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.LayoutManager;
import javax.swing.JLayeredPane;

/**
 * The video area: remote videos filling it, the local preview in the bottom-right corner
 * (picture-in-picture) and the stats overlay in the top-left corner, each on its own layer.
 */
final class VideoStage extends JLayeredPane {
    private static final long serialVersionUID = 1L;
    private static final int MARGIN = 12;

    VideoStage(RemoteGrid remote, PreviewTile preview, StatsOverlay overlay) {
        setLayout(new StageLayout(remote, preview, overlay));
        add(remote, DEFAULT_LAYER);
        add(preview, PALETTE_LAYER);
        add(overlay, MODAL_LAYER);
        setPreferredSize(new Dimension(800, 600));
    }

    /** Places the three layers; the overlay takes its preferred size. */
    private record StageLayout(RemoteGrid remote, PreviewTile preview, StatsOverlay overlay) implements LayoutManager {
        @Override
        public void layoutContainer(Container parent) {
            int w = parent.getWidth();
            int h = parent.getHeight();
            remote.setBounds(0, 0, w, h);
            int pw = Math.max(80, w / 4);
            int ph = pw * 3 / 4;
            preview.setBounds(w - pw - MARGIN, h - ph - MARGIN, pw, ph);
            Dimension stats = overlay.getPreferredSize();
            overlay.setBounds(MARGIN, MARGIN, Math.min(stats.width, w - 2 * MARGIN),
                    Math.min(stats.height, h - 2 * MARGIN));
        }

        @Override
        public Dimension preferredLayoutSize(Container parent) {
            return new Dimension(800, 600);
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
