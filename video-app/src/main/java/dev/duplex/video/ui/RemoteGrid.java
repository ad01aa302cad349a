package dev.duplex.video.ui;

import dev.duplex.video.stats.CallStats;
import java.awt.Color;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingConstants;

/**
 * The remote videos: one large tile for a 1:1 call, a grid in a relay room, or a message while
 * there is no one to show. EDT only.
 */
final class RemoteGrid extends JPanel {
    private static final long serialVersionUID = 1L;

    private final Map<String, RemoteTile> tiles = new TreeMap<>();
    private final JLabel placeholder = new JLabel("", SwingConstants.CENTER);
    private final transient Supplier<CallStats> stats;
    private final transient ToDoubleFunction<String> voiceLevel;

    /**
     * @param stats      the call's counters, once there is a call (tiles exist only then)
     * @param voiceLevel a sender's voice loudness now, 0-1, or negative without voice
     */
    RemoteGrid(Supplier<CallStats> stats, ToDoubleFunction<String> voiceLevel) {
        this.stats = stats;
        this.voiceLevel = voiceLevel;
        setBackground(Color.DARK_GRAY);
        placeholder.setForeground(Color.LIGHT_GRAY);
        placeholder.setFont(placeholder.getFont().deriveFont(Font.PLAIN, 16f));
        setLayout(new GridLayout(1, 1));
        add(placeholder);
    }

    /** Shows {@code text} while there is no remote video. */
    void placeholder(String text) {
        placeholder.setText("<html><div style='text-align:center'>" + escape(text) + "</div></html>");
    }

    /** Makes the tiles match the feeds, and repaints them. */
    void update(Map<String, RemoteFeed> feeds) {
        boolean changed = tiles.keySet().retainAll(Set.copyOf(feeds.keySet()));
        for (RemoteFeed feed : feeds.values()) {
            RemoteTile tile = tiles.get(feed.sender);
            if (tile == null || tile.feed() != feed) {
                tiles.put(feed.sender, new RemoteTile(feed, stats.get(), voiceLevel));
                changed = true;
            }
        }
        if (changed) {
            relayout();
        }
        tiles.values().forEach(RemoteTile::repaint);
    }

    int tileCount() {
        return tiles.size();
    }

    /** Repaints the tiles (their voice meters), without looking at the feeds. */
    void repaintTiles() {
        tiles.values().forEach(RemoteTile::repaint);
    }

    /** The loudness the tile of {@code sender} shows, or negative (no tile, or no voice). */
    double voiceLevel(String sender) {
        RemoteTile tile = tiles.get(sender);
        return tile == null ? -1 : tile.voiceLevel();
    }

    private void relayout() {
        removeAll();
        List<RemoteTile> shown = new ArrayList<>(tiles.values());
        if (shown.isEmpty()) {
            setLayout(new GridLayout(1, 1));
            add(placeholder);
        } else {
            int columns = (int) Math.ceil(Math.sqrt(shown.size()));
            int rows = (int) Math.ceil((double) shown.size() / columns);
            setLayout(new GridLayout(rows, columns, 2, 2));
            shown.forEach(this::add);
        }
        revalidate();
        repaint();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }
}
