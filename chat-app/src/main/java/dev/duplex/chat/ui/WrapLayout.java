package dev.duplex.chat.ui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Insets;
import javax.swing.JScrollPane;
import javax.swing.SwingUtilities;

/**
 * A {@link FlowLayout} whose preferred size is the height its rows really take at the container's
 * width, so a row of fields wraps onto a second line in a narrow window instead of being cut off.
 */
final class WrapLayout extends FlowLayout {
    private static final long serialVersionUID = 1L;
    /** The width the container was last asked to lay itself out again for (EDT only). */
    private int revalidatedFor = -1;
    /** The height the rows took at the last layout: what the parents were told (EDT only). */
    private int laidOutHeight = -1;

    WrapLayout(int align, int hgap, int vgap) {
        super(align, hgap, vgap);
    }

    /**
     * Lays out, then checks whether the rows now need another height than at the last layout (the
     * window was resized): the parents keep the preferred size they were given before, so they are
     * asked to lay out again, once for this width.
     */
    @Override
    public void layoutContainer(Container target) {
        super.layoutContainer(target);
        int width = target.getWidth();
        int needed = size(target, true).height;
        boolean changed = laidOutHeight >= 0 && needed != laidOutHeight;
        laidOutHeight = needed;
        // The parents may keep the height asked before: they are asked again, once per width.
        if (width > 0 && changed && width != revalidatedFor) {
            revalidatedFor = width;
            SwingUtilities.invokeLater(target::revalidate);
        }
    }

    @Override
    public Dimension preferredLayoutSize(Container target) {
        return size(target, true);
    }

    @Override
    public Dimension minimumLayoutSize(Container target) {
        Dimension minimum = size(target, false);
        minimum.width -= getHgap() + 1;
        return minimum;
    }

    private Dimension size(Container target, boolean preferred) {
        synchronized (target.getTreeLock()) {
            Container container = target;
            while (container.getSize().width == 0 && container.getParent() != null) {
                container = container.getParent();
            }
            int targetWidth = container.getSize().width;
            if (targetWidth == 0) {
                targetWidth = Integer.MAX_VALUE;
            }
            Insets insets = target.getInsets();
            int maxWidth = targetWidth - (insets.left + insets.right + getHgap() * 2);
            Dimension dim = new Dimension(0, 0);
            int rowWidth = 0;
            int rowHeight = 0;
            for (Component c : target.getComponents()) {
                if (!c.isVisible()) {
                    continue;
                }
                Dimension d = preferred ? c.getPreferredSize() : c.getMinimumSize();
                if (rowWidth + d.width > maxWidth && rowWidth > 0) {
                    addRow(dim, rowWidth, rowHeight);
                    rowWidth = 0;
                    rowHeight = 0;
                }
                if (rowWidth != 0) {
                    rowWidth += getHgap();
                }
                rowWidth += d.width;
                rowHeight = Math.max(rowHeight, d.height);
            }
            addRow(dim, rowWidth, rowHeight);
            dim.width += insets.left + insets.right + getHgap() * 2;
            dim.height += insets.top + insets.bottom + getVgap() * 2;
            // Inside a scroll pane the width must not grow with the content.
            if (SwingUtilities.getAncestorOfClass(JScrollPane.class, target) != null && target.isValid()) {
                dim.width -= getHgap() + 1;
            }
            return dim;
        }
    }

    private void addRow(Dimension dim, int rowWidth, int rowHeight) {
        dim.width = Math.max(dim.width, rowWidth);
        if (dim.height > 0) {
            dim.height += getVgap();
        }
        dim.height += rowHeight;
    }
}
