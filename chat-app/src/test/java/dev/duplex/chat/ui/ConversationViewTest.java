package dev.duplex.chat.ui;

import static dev.duplex.chat.ui.SwingSupport.onEdt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import javax.swing.JTextPane;
import javax.swing.text.StyleConstants;
import org.junit.jupiter.api.Test;

/** The incremental renderer, headless (a text pane needs no display). */
class ConversationViewTest {
    private static final Instant T = Instant.parse("2025-01-01T12:01:05Z");

    private static String render(ConversationView view, ChatModel model) throws Exception {
        return onEdt(() -> {
            view.render(model.snapshot().entries());
            return view.text();
        });
    }

    @Test
    void rewritesOnlyTheStatusOfOwnMessages() throws Exception {
        ChatModel model = new ChatModel();
        ConversationView view = onEdt(ConversationView::new);
        model.addMessage(T, "bob", "hello 지민");
        ChatEntry first = model.addOwnMessage(T, "지민", "안녕 bob");
        ChatEntry second = model.addOwnMessage(T, "지민", "are you there?");

        String pending = render(view, model);
        assertThat(pending).contains("bob").contains("hello 지민").contains("안녕 bob");
        assertThat(pending.split("sending…", -1)).hasSize(3);

        model.markSent(first.id());
        model.markFailed(second.id(), "The connection was lost.");
        String after = render(view, model);

        assertThat(after).contains("✓ sent").contains("✗ not sent: The connection was lost.")
                .doesNotContain("sending…");
        assertThat(after.split("안녕 bob", -1)).as("rendered once").hasSize(2);
        assertThat(after.indexOf("hello 지민")).isLessThan(after.indexOf("안녕 bob"));
        assertThat(after.indexOf("안녕 bob")).isLessThan(after.indexOf("are you there?"));
    }

    @Test
    void dropsFromTheTopWhatTheModelNoLongerKeeps() throws Exception {
        ChatModel model = new ChatModel(3);
        ConversationView view = onEdt(ConversationView::new);
        model.addMessage(T, "bob", "one");
        model.addNotice(T, "carol joined");
        model.addOwnMessage(T, "alice", "two");
        assertThat(render(view, model)).contains("one", "carol joined", "two");

        model.addMessage(T, "bob", "three");
        model.addError(T, "Cannot reach 10.0.0.5:9999 — is the other side listening?");
        ChatEntry own = model.snapshot().entries().get(0);
        model.markSent(own.id());
        String text = render(view, model);

        assertThat(text).doesNotContain("one").doesNotContain("carol joined");
        assertThat(text).contains("two", "✓ sent", "three", "⚠ Cannot reach 10.0.0.5:9999");
        assertThat(text).startsWith("alice");
    }

    @Test
    void emojiAreDrawnInAMonochromeFontOrNamedButNeverLeftBlank() throws Exception {
        ChatModel model = new ChatModel();
        ConversationView view = onEdt(ConversationView::new);
        model.addMessage(T, "bob", "wave 👋 and party 🎉 ok");
        String text = render(view, model);

        if (GlyphFallback.installedEmojiFamilies().isEmpty()) {
            assertThat(text).contains("[waving hand sign]", "[party popper]");
            return;
        }
        assertThat(text).contains("wave 👋 and party 🎉 ok");
        for (String emoji : List.of("👋", "🎉")) {
            int offset = text.indexOf(emoji);
            assertThat(onEdt(() -> StyleConstants.getFontFamily(view.textPane().getStyledDocument()
                    .getCharacterElement(offset).getAttributes()))).as("the font of %s's run", emoji)
                    .isIn(GlyphFallback.EMOJI_FAMILIES);
            assertThat(onEdt(() -> inkIn(view.textPane(), offset, emoji.length())))
                    .as("dark pixels where %s is drawn", emoji).isGreaterThan(15);
        }
        assertThat(onEdt(() -> inkIn(view.textPane(), text.indexOf(" ok") + 1, 2))).as("plain text, for scale")
                .isGreaterThan(15);
    }

    /** Paints the pane and counts the pixels in the characters' box that are darker than the background. */
    private static int inkIn(JTextPane pane, int offset, int length) throws Exception {
        pane.setSize(600, 300);
        BufferedImage image = new BufferedImage(600, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            pane.paint(g);
        } finally {
            g.dispose();
        }
        Rectangle2D start = pane.modelToView2D(offset);
        Rectangle2D end = pane.modelToView2D(offset + length);
        Rectangle box = new Rectangle((int) start.getX(), (int) start.getY(),
                (int) Math.max(1, end.getX() - start.getX()), (int) start.getHeight());
        int background = image.getRGB(599, 299);
        int ink = 0;
        for (int y = box.y; y < box.y + box.height && y < image.getHeight(); y++) {
            for (int x = box.x; x < box.x + box.width && x < image.getWidth(); x++) {
                if (brightness(image.getRGB(x, y)) < brightness(background) - 80) {
                    ink++;
                }
            }
        }
        return ink;
    }

    private static int brightness(int rgb) {
        Color c = new Color(rgb);
        return (c.getRed() + c.getGreen() + c.getBlue()) / 3;
    }
}
