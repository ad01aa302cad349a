package dev.duplex.chat.ui;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Font;
import java.util.Collections;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.UIManager;

/** Who is in the room (or the two peers): a coloured dot per person, you marked. EDT only. */
final class ParticipantsPanel {
    private final JPanel panel = new JPanel(new BorderLayout());
    private final JLabel title = new JLabel("People");
    private final DefaultListModel<String> names = new DefaultListModel<>();
    private final JList<String> list = new JList<>(names);
    private String self = "";

    ParticipantsPanel() {
        title.setBorder(BorderFactory.createEmptyBorder(10, 12, 6, 12));
        title.putClientProperty("FlatLaf.styleClass", "h4");
        list.setFocusable(false);
        list.setCellRenderer(new Renderer());
        list.setBackground(UIManager.getColor("Panel.background"));
        JScrollPane scroll = new JScrollPane(list);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        panel.add(title, BorderLayout.NORTH);
        panel.add(scroll, BorderLayout.CENTER);
        panel.setBorder(BorderFactory.createMatteBorder(0, 1, 0, 0, UIManager.getColor("Component.borderColor")));
    }

    JComponent component() {
        return panel;
    }

    /** Shows {@code participants}; unchanged lists are left alone. */
    void render(List<String> participants, String selfNickname, String where) {
        self = selfNickname;
        title.setText((where.isEmpty() ? "People" : where) + " · " + participants.size());
        if (!participants.equals(Collections.list(names.elements()))) {
            names.clear();
            names.addAll(participants);
        }
        list.repaint();
    }

    /** The names listed, for tests. */
    List<String> names() {
        return Collections.list(names.elements());
    }

    private final class Renderer extends DefaultListCellRenderer {
        @Override
        public Component getListCellRendererComponent(JList<?> l, Object value, int index, boolean selected,
                                                      boolean focused) {
            String name = String.valueOf(value);
            boolean isSelf = name.equals(self);
            JLabel label = (JLabel) super.getListCellRendererComponent(l, isSelf ? name + "  (you)" : name, index,
                    false, false);
            label.setIcon(new DotIcon(isSelf ? ChatTheme.OWN : ChatTheme.senderColor(name), 9));
            label.setIconTextGap(8);
            label.setBorder(BorderFactory.createEmptyBorder(3, 12, 3, 12));
            label.setFont(label.getFont().deriveFont(isSelf ? Font.BOLD : Font.PLAIN));
            return label;
        }
    }

}
