package dev.duplex.chat.ui;

import java.awt.BorderLayout;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.Graphics;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.KeyboardFocusManager;
import java.awt.RenderingHints;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.util.function.Predicate;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.KeyStroke;
import javax.swing.ScrollPaneConstants;
import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.DefaultEditorKit;

/**
 * The input: a wrapping text area (Enter sends, Shift+Enter starts a new line, Tab moves on) that
 * grows with its text up to {@link #MAX_VISIBLE_LINES} lines and then scrolls, and a Send button.
 * The text is cleared only when the message was taken. EDT only.
 */
final class ComposerPanel {
    private static final String HINT = "Type a message — Enter sends, Shift+Enter adds a line";

    private final JPanel panel = new JPanel(new BorderLayout(8, 0));
    /** Lines the box grows to before it scrolls. */
    static final int MAX_VISIBLE_LINES = 6;

    private final JTextArea input = new HintTextArea(HINT);
    private final JScrollPane scroll;
    private final JButton send = new JButton("Send");

    /** @param sender sends the text; true if it went out */
    ComposerPanel(Predicate<String> sender) {
        input.setRows(1);
        input.setLineWrap(true);
        input.setWrapStyleWord(true);
        input.setMargin(new Insets(6, 8, 6, 8));
        AbstractAction sendAction = new AbstractAction("Send") {
            @Override
            public void actionPerformed(ActionEvent e) {
                if (sender.test(input.getText())) {
                    input.setText("");
                }
                input.requestFocusInWindow();
            }
        };
        input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "duplex-send");
        input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, KeyEvent.SHIFT_DOWN_MASK),
                DefaultEditorKit.insertBreakAction);
        input.getActionMap().put("duplex-send", sendAction);
        send.setAction(sendAction);
        send.putClientProperty("JButton.buttonType", "roundRect");
        // Tab and Shift+Tab move the focus, as in every other field (a tab in a chat message is a mistake).
        input.setFocusTraversalKeys(KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS, null);
        input.setFocusTraversalKeys(KeyboardFocusManager.BACKWARD_TRAVERSAL_KEYS, null);
        scroll = new JScrollPane(input, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER) {
            private static final long serialVersionUID = 1L;

            @Override
            public Dimension getPreferredSize() {
                Dimension d = super.getPreferredSize();
                Insets in = getInsets();
                int lineHeight = input.getFontMetrics(input.getFont()).getHeight();
                Insets margin = input.getInsets();
                int most = MAX_VISIBLE_LINES * lineHeight + margin.top + margin.bottom + in.top + in.bottom;
                int text = input.getPreferredSize().height + in.top + in.bottom;
                return new Dimension(d.width, Math.min(most, Math.max(text, lineHeight * 2 + margin.top
                        + margin.bottom + in.top + in.bottom)));
            }
        };
        input.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                grow();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                grow();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
            }
        });
        panel.add(scroll, BorderLayout.CENTER);
        JPanel button = new JPanel(new GridBagLayout());
        button.setOpaque(false);
        button.add(send);
        panel.add(button, BorderLayout.EAST);
        panel.setBorder(BorderFactory.createEmptyBorder(8, 10, 8, 10));
    }

    JComponent component() {
        return panel;
    }

    /** Lays the window out again after the text changed: the box takes the height of its lines. */
    private void grow() {
        SwingUtilities.invokeLater(() -> {
            scroll.revalidate();
            Container top = panel.getTopLevelAncestor();
            if (top != null) {
                top.validate();
            }
        });
    }

    /** The scroll pane around the text, for tests. */
    JScrollPane scrollPane() {
        return scroll;
    }

    /** The text area, for focus and tests. */
    JTextArea input() {
        return input;
    }

    JButton sendButton() {
        return send;
    }

    /** Enables Send while a message can be taken (connected, or reconnecting with an outbox). */
    void setConnected(boolean connected) {
        send.setEnabled(connected);
        send.setToolTipText(connected ? null : "Connect first");
    }

    /** A text area that shows a grey hint while empty. */
    private static final class HintTextArea extends JTextArea {
        private static final long serialVersionUID = 1L;
        private final String hint;

        HintTextArea(String hint) {
            this.hint = hint;
        }

        @Override
        protected void paintComponent(Graphics g) {
            super.paintComponent(g);
            if (getDocument().getLength() == 0) {
                Graphics2D g2 = (Graphics2D) g.create();
                try {
                    g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                    g2.setColor(ChatTheme.MUTED);
                    g2.setFont(getFont());
                    Insets in = getInsets();
                    g2.drawString(hint, in.left, in.top + g2.getFontMetrics().getAscent());
                } finally {
                    g2.dispose();
                }
            }
        }
    }
}
