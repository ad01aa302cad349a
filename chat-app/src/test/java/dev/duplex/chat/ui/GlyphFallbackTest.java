package dev.duplex.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.duplex.chat.ui.GlyphFallback.Fallback;
import dev.duplex.chat.ui.GlyphFallback.Run;
import java.awt.Font;
import java.util.List;
import java.util.stream.Collectors;
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

    @Test
    void drawsInAFallbackFontWhatTheBaseFontCannotAndNamesOnlyTheRest() {
        GlyphFallback withSymbols = new GlyphFallback(cp -> cp < 0x1F000,
                List.of(new Fallback("Symbola", cp -> cp == 0x1F44B)));

        assertThat(withSymbols.split("hi 👋🏽 🎉!")).containsExactly(
                new Run("hi ", false), new Run("👋", false, "Symbola"), new Run(" ", false),
                new Run("[party popper]", true), new Run("!", false));
    }

    @Test
    void theFirstFallbackThatDrawsACharacterWins() {
        GlyphFallback two = new GlyphFallback(cp -> cp < 0x1F000, List.of(
                new Fallback("Noto Emoji", cp -> cp == 0x1F389), new Fallback("Symbola", cp -> true)));

        assertThat(two.split("🎉👋🎉")).containsExactly(new Run("🎉", false, "Noto Emoji"),
                new Run("👋", false, "Symbola"), new Run("🎉", false, "Noto Emoji"));
    }

    @Test
    void pictographsGoToTheEmojiFontEvenWhenTheBaseFontHasThemButTextStaysInTheBaseFont() {
        GlyphFallback drawsAll = new GlyphFallback(cp -> true, List.of(new Fallback("Symbola", cp -> true)));

        assertThat(drawsAll.split("한글 a👋️b ⚠")).containsExactly(new Run("한글 a", false),
                new Run("👋", false, "Symbola"), new Run("b ", false), new Run("⚠", false, "Symbola"));
    }

    @Test
    void anInstalledMonochromeEmojiFontDrawsEmojiInsteadOfTheirNames() {
        assumeFalse(GlyphFallback.installedEmojiFamilies().isEmpty(),
                "needs a monochrome emoji font (apt-get install fonts-symbola)");
        GlyphFallback real = GlyphFallback.forFont(new Font(ChatTheme.hangulFamily().orElse(Font.DIALOG), Font.PLAIN,
                14));

        List<Run> runs = real.split("안녕 👋 party 🎉");

        assertThat(runs).noneMatch(Run::substitute);
        assertThat(runs.stream().map(Run::text).collect(Collectors.joining())).isEqualTo("안녕 👋 party 🎉");
        assertThat(runs).filteredOn(r -> r.text().equals("👋") || r.text().equals("🎉"))
                .extracting(Run::family).hasSize(2).allMatch(GlyphFallback.EMOJI_FAMILIES::contains);
    }
}
