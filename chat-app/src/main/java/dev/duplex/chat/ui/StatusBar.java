package dev.duplex.chat.ui;

import dev.duplex.chat.model.ChatFormat;
import dev.duplex.chat.model.ConnectionStatus;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.UIManager;

/** The bottom line: a coloured dot and the state, what is going on in a sentence, and the RTT. EDT only. */
final class StatusBar {
    private final JPanel panel = new JPanel(new BorderLayout());
    private final JLabel state = new JLabel();
    private final JLabel text = new JLabel();
    private final JLabel rtt = new JLabel();

    StatusBar() {
        JPanel left = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        left.setOpaque(false);
        left.add(state);
        left.add(text);
        state.setFont(state.getFont().deriveFont(java.awt.Font.BOLD));
        state.setIconTextGap(6);
        text.setForeground(ChatTheme.MUTED);
        rtt.setForeground(ChatTheme.MUTED);
        panel.add(left, BorderLayout.CENTER);
        panel.add(rtt, BorderLayout.EAST);
        panel.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(1, 0, 0, 0, UIManager.getColor("Component.borderColor")),
                BorderFactory.createEmptyBorder(4, 6, 4, 12)));
    }

    JComponent component() {
        return panel;
    }

    void render(ConnectionStatus status) {
        String name = switch (status.state()) {
            case OFFLINE -> "Offline";
            case LISTENING -> "Listening";
            case CONNECTING -> "Connecting...";
            case CONNECTED -> "Connected";
            case RECONNECTING -> "Reconnecting...";
        };
        state.setIcon(new DotIcon(ChatTheme.stateColor(status.state()), 9));
        state.setText(name);
        text.setText(status.text());
        String millis = ChatFormat.rtt(status.rttMicros());
        rtt.setText(millis.isEmpty() ? "" : "RTT " + millis);
    }

    /** The state word shown, for tests. */
    String stateText() {
        return state.getText();
    }
}
