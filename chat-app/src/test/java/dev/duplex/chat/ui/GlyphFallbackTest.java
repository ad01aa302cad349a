package dev.duplex.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.chat.ui.GlyphFallback.Run;
import java.awt.Font;
import org.junit.jupiter.api.Test;

class GlyphFallbackTest {
    /** A font that draws everything below the emoji planes. */
    private final GlyphFallback noEmoji = new GlyphFallback(cp -> cp < 0x1F000);

    @Test
    void namesWhatTheFontCannotDrawAndKeepsTheRest() {
        assertThat(noEmoji.split("안녕 👋!")).containsExactly(
                new Run("안녕 ", false), new Run("[waving hand sign]", true), new Run("!", false));
    }

    @Test
    void dropsModifiersAndJoinersOfANamedEmoji() {
        assertThat(noEmoji.split("👍🏽️ ok")).containsExactly(
                new Run("[thumbs up sign]", true), new Run(" ok", false));
    }

    @Test
    void leavesDrawableTextAlone() {
        assertThat(noEmoji.split("한글 text — ✓")).containsExactly(new Run("한글 text — ✓", false));
        assertThat(new GlyphFallback(cp -> true).split("🎉")).containsExactly(new Run("🎉", false));
    }

    @Test
    void aRealFontDrawsHangulWhenOneIsInstalled() {
        String family = ChatTheme.hangulFamily().orElse(Font.DIALOG);
        GlyphFallback real = GlyphFallback.forFont(new Font(family, Font.PLAIN, 14));
        assertThat(real.split("abc")).containsExactly(new Run("abc", false));
        if (ChatTheme.hangulFamily().isPresent()) {
            assertThat(real.split("한글")).containsExactly(new Run("한글", false));
        }
    }
}
