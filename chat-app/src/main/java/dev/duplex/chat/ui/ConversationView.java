package dev.duplex.chat.ui;

import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatFormat;
import dev.duplex.chat.model.SendState;
import java.awt.Color;
import java.awt.Font;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JScrollBar;
import javax.swing.JScrollPane;
import javax.swing.JTextPane;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.DefaultCaret;
import javax.swing.text.Position;
import javax.swing.text.SimpleAttributeSet;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyledDocument;

/**
 * The conversation: a read-only styled text pane (so text can be selected and copied) that
 * renders model snapshots incrementally. New entries are appended, entries the model dropped are
 * removed from the top, and only the status of your own messages is rewritten in place
 * ("sending…" → "✓ sent"). Every message starts at the left edge under its sender's name and
 * time (your name in your colour), so long paragraphs read evenly; notices, errors and the divider
 * after replayed history are centred. EDT only.
 */
final class ConversationView {
    private static final String PENDING = "sending…";
    private static final String SENT = "✓ sent";
    private static final float EMOJI_SCALE = 1.3f;

    /** Always as wide as the view: long lines wrap, the conversation never scrolls sideways. */
    private final JTextPane pane = new JTextPane() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }
    };
    private final JScrollPane scroll = new JScrollPane(pane);
    private final StyledDocument doc = pane.getStyledDocument();
    /** What is on screen, oldest first, ids consecutive. */
    private final List<Rendered> rendered = new ArrayList<>();
    private GlyphFallback fallback;

    /** One entry on screen: where it starts, and where its status text is (own messages). */
    private static final class Rendered {
        ChatEntry entry;
        final Position start;
        final Position statusAnchor;
        int statusLength;

        Rendered(ChatEntry entry, Position start, Position statusAnchor, int statusLength) {
            this.entry = entry;
            this.start = start;
            this.statusAnchor = statusAnchor;
            this.statusLength = statusLength;
        }
    }

    ConversationView() {
        pane.setEditable(false);
        pane.setBorder(BorderFactory.createEmptyBorder(8, 14, 8, 14));
        ((DefaultCaret) pane.getCaret()).setUpdatePolicy(DefaultCaret.NEVER_UPDATE);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
    }

    JComponent component() {
        return scroll;
    }

    /** The scroll pane, for tests in this package (EDT only). */
    JScrollPane scrollPane() {
        return scroll;
    }

    /** The text pane, for tests in this package (EDT only). */
    JTextPane textPane() {
        return pane;
    }

    /** The plain text shown, for tests. */
    String text() {
        try {
            return doc.getText(0, doc.getLength());
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Brings the screen in line with {@code entries} (consecutive ids, oldest first). */
    void render(List<ChatEntry> entries) {
        try {
            JScrollBar bar = scroll.getVerticalScrollBar();
            boolean atBottom = bar.getValue() + bar.getVisibleAmount() >= bar.getMaximum() - 40;
            dropOlderThan(entries.isEmpty() ? Long.MAX_VALUE : entries.get(0).id());
            long lastShown = rendered.isEmpty() ? 0 : rendered.get(rendered.size() - 1).entry.id();
            long firstShown = rendered.isEmpty() ? 0 : rendered.get(0).entry.id();
            boolean ownAdded = false;
            for (ChatEntry entry : entries) {
                if (entry.id() <= lastShown) {
                    Rendered r = rendered.get((int) (entry.id() - firstShown));
                    if (!entry.equals(r.entry)) {
                        updateStatus(r, entry);
                    }
                } else {
                    append(entry);
                    ownAdded |= entry.own();
                }
            }
            if (atBottom || ownAdded) {
                SwingUtilities.invokeLater(() -> bar.setValue(bar.getMaximum()));
            }
        } catch (BadLocationException e) {
            throw new IllegalStateException("The conversation's document is out of step", e);
        }
    }

    private void dropOlderThan(long firstKept) throws BadLocationException {
        int drop = 0;
        while (drop < rendered.size() && rendered.get(drop).entry.id() < firstKept) {
            drop++;
        }
        if (drop == 0) {
            return;
        }
        int end = drop == rendered.size() ? doc.getLength() : rendered.get(drop).start.getOffset();
        doc.remove(0, end);
        rendered.subList(0, drop).clear();
    }

    private void append(ChatEntry entry) throws BadLocationException {
        int start = doc.getLength();
        Position anchor = null;
        int statusLength = 0;
        switch (entry.kind()) {
            case MESSAGE -> {
                Color nameColor = entry.own() ? ChatTheme.OWN : ChatTheme.senderColor(entry.sender());
                insertText(entry.sender(), style(nameColor, true, false, 0));
                insert("  " + ChatFormat.when(entry.time(), Instant.now()), style(ChatTheme.MUTED, false, false, -2));
                if (entry.own()) {
                    insert(" · ", style(ChatTheme.MUTED, false, false, -2));
                    anchor = doc.createPosition(doc.getLength() - 1);
                    String status = statusText(entry);
                    insert(status, statusStyle(entry));
                    statusLength = status.length();
                }
                insert("\n", null);
                paragraph(start, doc.getLength() - start, 10);
                int body = doc.getLength();
                insertText(entry.body() + "\n", style(null, false, false, 0));
                paragraph(body, doc.getLength() - body, 2);
            }
            case NOTICE -> {
                insert(ChatFormat.time(entry.time()) + "  ", style(ChatTheme.MUTED, false, false, -2));
                insertText(entry.body() + "\n", style(ChatTheme.MUTED, false, true, -1));
                centred(start, 8);
            }
            case DIVIDER -> {
                insert("───────  " + entry.body() + "  ───────\n", style(ChatTheme.MUTED, false, false, -2));
                centred(start, 12);
            }
            case ERROR -> {
                insert(ChatFormat.time(entry.time()) + "  ", style(ChatTheme.MUTED, false, false, -2));
                insertText("⚠ " + entry.body() + "\n", style(ChatTheme.ERROR, false, false, -1));
                centred(start, 8);
            }
        }
        rendered.add(new Rendered(entry, doc.createPosition(start), anchor, statusLength));
    }

    private void updateStatus(Rendered r, ChatEntry entry) throws BadLocationException {
        r.entry = entry;
        if (r.statusAnchor == null) {
            return;
        }
        int offset = r.statusAnchor.getOffset() + 1;
        String status = statusText(entry);
        doc.remove(offset, r.statusLength);
        doc.insertString(offset, status, statusStyle(entry));
        r.statusLength = status.length();
    }

    private static String statusText(ChatEntry entry) {
        return switch (entry.sendState()) {
            case PENDING -> PENDING;
            case SENT -> SENT;
            case FAILED -> "✗ not sent: " + entry.detail();
        };
    }

    private static AttributeSet statusStyle(ChatEntry entry) {
        return entry.sendState() == SendState.FAILED ? style(ChatTheme.ERROR, false, false, -2)
                : style(ChatTheme.MUTED, false, entry.sendState() == SendState.PENDING, -2);
    }

    private void insert(String text, AttributeSet attributes) throws BadLocationException {
        doc.insertString(doc.getLength(), text, attributes);
    }

    /**
     * Inserts text a person wrote: emoji and other characters the font cannot draw go in a
     * monochrome font that can (a font attribute on their run), else they are named.
     */
    private void insertText(String text, AttributeSet attributes) throws BadLocationException {
        if (fallback == null) {
            fallback = GlyphFallback.forFont(doc.getFont(style(null, false, false, 0)));
        }
        for (GlyphFallback.Run run : fallback.split(text)) {
            if (run.substitute()) {
                SimpleAttributeSet named = new SimpleAttributeSet(attributes);
                StyleConstants.setForeground(named, ChatTheme.MUTED);
                StyleConstants.setItalic(named, true);
                insert(run.text(), named);
            } else if (run.family() != null) {
                SimpleAttributeSet inFont = new SimpleAttributeSet(attributes);
                StyleConstants.setFontFamily(inFont, run.family());
                // Monochrome emoji are thin line drawings: a little larger, they read like the text around them.
                StyleConstants.setFontSize(inFont, Math.round(StyleConstants.getFontSize(attributes) * EMOJI_SCALE));
                insert(run.text(), inFont);
            } else {
                insert(run.text(), attributes);
            }
        }
    }

    private void paragraph(int offset, int length, float spaceAbove) {
        SimpleAttributeSet p = new SimpleAttributeSet();
        StyleConstants.setAlignment(p, StyleConstants.ALIGN_LEFT);
        StyleConstants.setSpaceAbove(p, spaceAbove);
        doc.setParagraphAttributes(offset, length, p, false);
    }

    private void centred(int offset, float spaceAbove) {
        SimpleAttributeSet p = new SimpleAttributeSet();
        StyleConstants.setAlignment(p, StyleConstants.ALIGN_CENTER);
        StyleConstants.setSpaceAbove(p, spaceAbove);
        doc.setParagraphAttributes(offset, doc.getLength() - offset, p, false);
    }

    private static AttributeSet style(Color color, boolean bold, boolean italic, int sizeDelta) {
        SimpleAttributeSet a = new SimpleAttributeSet();
        if (color != null) {
            StyleConstants.setForeground(a, color);
        }
        StyleConstants.setBold(a, bold);
        StyleConstants.setItalic(a, italic);
        Font base = UIManager.getFont("defaultFont");
        if (base != null) {
            StyleConstants.setFontFamily(a, base.getFamily());
            StyleConstants.setFontSize(a, base.getSize() + 1 + sizeDelta);
        }
        return a;
    }
}
