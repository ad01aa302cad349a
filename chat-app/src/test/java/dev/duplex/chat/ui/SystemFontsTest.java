package dev.duplex.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The font lists name a font that each system ships, so Korean text and emoji show on Windows,
 * macOS and Linux alike (which of them is installed here is checked by GlyphFallbackTest).
 */
class SystemFontsTest {
    @Test
    void hangulHasAFontOnEverySystem() {
        assertThat(ChatTheme.HANGUL_FAMILIES)
                .contains("Malgun Gothic")          // Windows Vista and later
                .contains("Apple SD Gothic Neo")    // macOS 10.8 and later
                .contains("Noto Sans CJK KR");      // Debian/Ubuntu fonts-noto-cjk
    }

    @Test
    void emojiHaveAFontOnEverySystemWithTheLinuxPackagesFirst() {
        assertThat(GlyphFallback.EMOJI_FAMILIES)
                .contains("Segoe UI Emoji", "Segoe UI Symbol")   // Windows
                .contains("Apple Color Emoji", "Apple Symbols")  // macOS
                .contains("Noto Emoji", "Symbola");              // Linux packages
        // Installed on purpose (fonts-symbola, as CI does), a monochrome font wins over the system's.
        assertThat(GlyphFallback.EMOJI_FAMILIES.indexOf("Symbola"))
                .isLessThan(GlyphFallback.EMOJI_FAMILIES.indexOf("Segoe UI Emoji"))
                .isLessThan(GlyphFallback.EMOJI_FAMILIES.indexOf("Apple Color Emoji"));
    }
}
