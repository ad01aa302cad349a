package dev.duplex.chat.ui;

import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.control.ThisComputer;
import dev.duplex.chat.model.ConnectionStatus;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.WireFormat;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.UIManager;

/**
 * The top of the window: mode (relay, or direct listen/connect), nickname, room, the relay's or
 * peer's host and port, the lecture's format for a direct chat with the lecture's Python program,
 * Connect / Listen / Disconnect, and this computer's name and addresses (what the other person
 * needs in direct mode). Fields lock while a connection runs. EDT only.
 */
final class ConnectionPanel {
    /** The three ways to chat, as the mode box shows them. */
    enum Mode {
        RELAY("Relay server", "Relay host", "Connect", DuplexClient.DEFAULT_PORT, "127.0.0.1"),
        LISTEN("Direct: wait for a peer", "Listen on", "Listen", ChatTarget.DEFAULT_DIRECT_PORT, "0.0.0.0"),
        CONNECT("Direct: connect to a peer", "Peer host", "Connect", ChatTarget.DEFAULT_DIRECT_PORT, "127.0.0.1");

        final String label;
        final String hostLabel;
        final String action;
        final int defaultPort;
        final String defaultHost;

        Mode(String label, String hostLabel, String action, int defaultPort, String defaultHost) {
            this.label = label;
            this.hostLabel = hostLabel;
            this.action = action;
            this.defaultPort = defaultPort;
            this.defaultHost = defaultHost;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final JPanel panel = new JPanel(new BorderLayout());
    private final JComboBox<Mode> mode = new JComboBox<>(Mode.values());
    private final JTextField nickname = new JTextField(8);
    private final JTextField room = new JTextField(8);
    private final JTextField host = new JTextField(12);
    private final JTextField port = new JTextField(5);
    private final JCheckBox lecture = new JCheckBox("Lecture");
    private final JLabel hostLabel = label(Mode.RELAY.hostLabel);
    private final JLabel roomLabel = label("Room");
    private final JLabel lectureLabel = label("Format");
    private final JButton action = new JButton(Mode.RELAY.action);
    private final JLabel local = new JLabel("This computer: ...");
    private final JPanel form = new JPanel(new WrapLayout(FlowLayout.LEFT, 0, 0));
    private final JPanel actionCell = new JPanel(new BorderLayout());
    private final JPanel summary = new JPanel(new BorderLayout(12, 0));
    private final JLabel summaryText = new JLabel();
    private JPanel roomCell;
    private JPanel lectureCell;
    private final Map<Mode, String[]> remembered = new EnumMap<>(Mode.class);
    private Mode shown = Mode.RELAY;
    private boolean active;

    /**
     * @param onStart   called with the target the fields describe when Connect/Listen is pressed
     * @param onStop    called when Disconnect/Stop is pressed
     * @param onProblem called with a sentence when the fields do not make a valid target
     */
    ConnectionPanel(Consumer<ChatTarget> onStart, Runnable onStop, Consumer<String> onProblem) {
        for (Mode m : Mode.values()) {
            remembered.put(m, new String[] {m.defaultHost, String.valueOf(m.defaultPort)});
        }
        mode.addActionListener(e -> switchMode((Mode) mode.getSelectedItem()));
        action.putClientProperty("JButton.buttonType", "roundRect");
        action.addActionListener(e -> {
            if (active) {
                onStop.run();
                return;
            }
            try {
                onStart.accept(target());
            } catch (IllegalArgumentException problem) {
                onProblem.accept(problem.getMessage());
            }
        });
        for (JTextField field : List.of(nickname, room, host, port)) {
            field.addActionListener(e -> {
                if (!active) {
                    action.doClick();
                }
            });
        }
        lecture.setToolTipText("<html>Speak the lecture's chat format (Homework 12.1), to chat with the lecture's "
                + "Python program.<br>No encryption, no names, no acknowledgements.</html>");
        local.setForeground(ChatTheme.MUTED);
        for (JComponent fixed : List.of(mode, nickname, room, port, lecture)) {
            fixed.setMinimumSize(fixed.getPreferredSize());
        }
        host.setMinimumSize(host.getPreferredSize());
        layout();
        panel.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(0, 0, 1, 0, UIManager.getColor("Component.borderColor")),
                BorderFactory.createEmptyBorder(8, 12, 8, 12)));
    }

    /**
     * Each field under its label, the cells in a row that wraps when the window is narrow, so that
     * nothing is cut off; this computer's addresses below. While a connection runs the fields give
     * way to one line saying what runs, so the conversation keeps the room.
     */
    private void layout() {
        JComponent[] labels = {label("Mode"), label("Nickname"), roomLabel, hostLabel, label("Port"), lectureLabel};
        JComponent[] fields = {mode, nickname, room, host, port, lecture};
        form.setOpaque(false);
        for (int i = 0; i < labels.length; i++) {
            JPanel cell = new JPanel(new BorderLayout(0, 2));
            cell.setOpaque(false);
            cell.setBorder(BorderFactory.createEmptyBorder(0, 0, 4, 8));
            cell.add(labels[i], BorderLayout.NORTH);
            cell.add(fields[i], BorderLayout.CENTER);
            form.add(cell);
            if (fields[i] == room) {
                roomCell = cell;
            } else if (fields[i] == lecture) {
                lectureCell = cell;
            }
        }
        actionCell.setOpaque(false);
        actionCell.setBorder(BorderFactory.createEmptyBorder(0, 4, 4, 0));
        actionCell.add(Box.createVerticalStrut(labels[0].getPreferredSize().height + 2), BorderLayout.NORTH);
        action.setPreferredSize(new Dimension(112, action.getPreferredSize().height));
        actionCell.add(action, BorderLayout.CENTER);
        form.add(actionCell);
        summary.setOpaque(false);
        summaryText.setFont(summaryText.getFont().deriveFont(Font.BOLD));
        summary.add(summaryText, BorderLayout.CENTER);
        summary.setVisible(false);
        JPanel rows = new JPanel(new BorderLayout());
        rows.setOpaque(false);
        rows.add(form, BorderLayout.NORTH);
        rows.add(summary, BorderLayout.SOUTH);
        panel.add(rows, BorderLayout.CENTER);
        local.setBorder(BorderFactory.createEmptyBorder(2, 0, 0, 0));
        panel.add(local, BorderLayout.SOUTH);
    }

    private static JLabel label(String text) {
        JLabel label = new JLabel(text);
        label.setForeground(ChatTheme.MUTED);
        label.setFont(label.getFont().deriveFont(label.getFont().getSize2D() - 1f));
        return label;
    }

    JComponent component() {
        return panel;
    }

    /** Fills the fields from a target. */
    void show(ChatTarget target) {
        nickname.setText(target.nickname());
        if (target instanceof ChatTarget.Relay r) {
            room.setText(r.room());
            remembered.put(Mode.RELAY, new String[] {r.host(), String.valueOf(r.port())});
            select(Mode.RELAY);
        } else if (target instanceof ChatTarget.Listen l) {
            remembered.put(Mode.LISTEN, new String[] {l.bindHost(), String.valueOf(l.port())});
            select(Mode.LISTEN);
        } else if (target instanceof ChatTarget.Direct d) {
            remembered.put(Mode.CONNECT, new String[] {d.host(), String.valueOf(d.port())});
            select(Mode.CONNECT);
        }
        lecture.setSelected(target.lecture());
        if (room.getText().isEmpty()) {
            room.setText(DuplexClient.DEFAULT_ROOM);
        }
    }

    private void select(Mode m) {
        shown = null;
        mode.setSelectedItem(m);
        switchMode(m);
    }

    private void switchMode(Mode next) {
        if (next == null || next == shown) {
            return;
        }
        if (shown != null) {
            remembered.put(shown, new String[] {host.getText(), port.getText()});
        }
        shown = next;
        host.setText(remembered.get(next)[0]);
        port.setText(remembered.get(next)[1]);
        hostLabel.setText(next.hostLabel);
        action.setText(next.action);
        refreshEnabled();
    }

    /** The target the fields describe; throws with a sentence if they do not make one. */
    ChatTarget target() {
        int p;
        try {
            p = Integer.parseInt(port.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port '" + port.getText().strip()
                    + "' is not a number: use a number from 1 to 65535.", e);
        }
        String nick = nickname.getText().strip();
        WireFormat format = lecture.isSelected() ? WireFormat.LECTURE_CHAT : WireFormat.DUPLEX;
        return switch (shown) {
            case RELAY -> new ChatTarget.Relay(host.getText(), p, nick, room.getText().strip());
            case LISTEN -> new ChatTarget.Listen(host.getText(), p, nick, format);
            case CONNECT -> new ChatTarget.Direct(host.getText(), p, nick, format);
        };
    }

    /** Locks the fields and turns the button into Disconnect/Stop while something runs. */
    void render(ConnectionStatus status) {
        boolean wasActive = active;
        active = status.active();
        action.setText(!active ? shown.action : shown == Mode.LISTEN ? "Stop" : "Disconnect");
        refreshEnabled();
        if (active != wasActive) {
            collapse(active);
        }
    }

    /** While something runs: one line and the button instead of the fields; the fields again after. */
    private void collapse(boolean running) {
        boolean hadFocus = action.isFocusOwner();
        if (running) {
            summaryText.setText(summaryLine());
            summaryText.setToolTipText(summaryText.getText());
            summary.add(action, BorderLayout.EAST);
        } else {
            actionCell.add(action, BorderLayout.CENTER);
        }
        form.setVisible(!running);
        summary.setVisible(running);
        // Where the other person finds this computer matters while listening; otherwise it is only noise.
        local.setVisible(!running || shown == Mode.LISTEN);
        panel.revalidate();
        panel.repaint();
        if (hadFocus) {
            action.requestFocusInWindow();
        }
    }

    private String summaryLine() {
        String nick = nickname.getText().strip();
        String where = host.getText().strip() + (port.getText().strip().equals("0") ? " (a free port)"
                : ":" + port.getText().strip());
        String format = lecture.isSelected() && shown != Mode.RELAY ? " · lecture format" : "";
        return switch (shown) {
            case RELAY -> nick + " in room " + room.getText().strip() + " · relay " + where;
            case LISTEN -> nick + " · direct chat, listening on " + where + format;
            case CONNECT -> nick + " · direct chat with " + where + format;
        };
    }

    private void refreshEnabled() {
        mode.setEnabled(!active);
        nickname.setEnabled(!active);
        host.setEnabled(!active);
        port.setEnabled(!active);
        room.setEnabled(!active && shown == Mode.RELAY);
        // A direct chat has no room, and a relay always speaks duplex: show only what applies.
        if (roomCell != null) {
            roomCell.setVisible(shown == Mode.RELAY);
            lectureCell.setVisible(shown != Mode.RELAY);
        }
        roomLabel.setEnabled(shown == Mode.RELAY);
        // The lecture's programs are 1:1: a relay always speaks duplex.
        lecture.setEnabled(!active && shown != Mode.RELAY);
        lectureLabel.setEnabled(shown != Mode.RELAY);
    }

    /** Shows this computer's name and addresses. */
    void showLocal(ThisComputer addresses) {
        local.setText("This computer: " + addresses.hostName() + "   ·   " + String.join(",  ", addresses.addresses()));
    }

    /** The "Lecture" format box, for tests. */
    JCheckBox lectureBox() {
        return lecture;
    }

    /** The one line shown instead of the fields while connected, for tests. */
    JLabel summaryLabel() {
        return summaryText;
    }

    /** The port field, for tests. */
    JTextField portField() {
        return port;
    }

    /** The host field, for tests. */
    JTextField hostField() {
        return host;
    }

    /** The action button (Connect / Listen / Disconnect), for tests. */
    JButton actionButton() {
        return action;
    }
}
