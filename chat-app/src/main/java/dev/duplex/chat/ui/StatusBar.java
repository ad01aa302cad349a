package dev.duplex.chat.ui;

import dev.duplex.chat.model.ChatFormat;
import dev.duplex.chat.model.ConnectionStatus;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Font;
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
    private final JLabel identity = new JLabel();

    StatusBar() {
        JPanel left = new JPanel(new BorderLayout(8, 0));
        left.setOpaque(false);
        left.add(state, BorderLayout.WEST);
        left.add(text, BorderLayout.CENTER);
        JPanel right = new JPanel(new FlowLayout(FlowLayout.RIGHT, 12, 0));
        right.setOpaque(false);
        right.add(identity);
        right.add(rtt);
        identity.setName("identity");
        state.setFont(state.getFont().deriveFont(Font.BOLD));
        state.setIconTextGap(6);
        text.setForeground(ChatTheme.MUTED);
        rtt.setForeground(ChatTheme.MUTED);
        panel.add(left, BorderLayout.CENTER);
        panel.add(right, BorderLayout.EAST);
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
        text.setToolTipText(status.text());
        identity.setText(status.identity());
        identity.setToolTipText(status.identity().isEmpty() ? null
                : "The whole fingerprint is in the conversation: compare it with the one the relay or the other "
                + "person shows.");
        String millis = ChatFormat.rtt(status.rttMicros());
        rtt.setText(millis.isEmpty() ? "" : "RTT " + millis);
    }

    /** The sentence shown (with the relay's or peer's fingerprint over TLS), for tests. */
    String statusText() {
        return text.getText();
    }

    /** The TLS identity shown ("TLS · relay SHA256:abcdef…wxyz"), empty over plaintext; for tests. */
    String identityText() {
        return identity.getText();
    }

    JLabel stateLabel() {
        return state;
    }

    JLabel textLabel() {
        return text;
    }

    /** The state word shown, for tests. */
    String stateText() {
        return state.getText();
    }
}
