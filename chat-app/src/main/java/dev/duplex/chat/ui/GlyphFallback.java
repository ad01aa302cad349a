package dev.duplex.chat.ui;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Names the characters a font would draw as nothing. Java 17 cannot paint colour emoji (Noto
 * Color Emoji is found but its glyphs come out empty), so "👋" would silently vanish; instead the
 * conversation shows "[waving hand sign]". Joiners, variation selectors and skin-tone modifiers
 * that belong to a named emoji are dropped. Where a font does draw emoji, nothing changes.
 */
final class GlyphFallback {
    private static final int CACHE_SIZE = 1024;

    /**
     * A piece of text: shown as is, or a name standing in for an undrawable character.
     *
     * @param text       the characters to insert
     * @param substitute true if {@code text} is a name replacing an undrawable character
     */
    record Run(String text, boolean substitute) {
    }

    private final IntPredicate drawable;

    /** @param drawable whether a code point shows something */
    GlyphFallback(IntPredicate drawable) {
        this.drawable = drawable;
    }

    /** Checks against {@code font}: a code point is drawable if its glyph has visible bounds. */
    static GlyphFallback forFont(Font font) {
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Map<Integer, Boolean> cache = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                return size() > CACHE_SIZE;
            }
        };
        return new GlyphFallback(cp -> cache.computeIfAbsent(cp, c -> font.canDisplay(c)
                && !font.createGlyphVector(frc, new String(Character.toChars(c))).getVisualBounds().isEmpty()));
    }

    /** Splits {@code text} into runs to show as is and names standing in for undrawable characters. */
    List<Run> split(String text) {
        List<Run> runs = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        boolean afterSubstitute = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (afterSubstitute && isEmojiModifier(cp)) {
                continue;
            }
            if (isAlwaysShown(cp) || drawable.test(cp)) {
                plain.appendCodePoint(cp);
                afterSubstitute = false;
                continue;
            }
            if (plain.length() > 0) {
                runs.add(new Run(plain.toString(), false));
                plain.setLength(0);
            }
            runs.add(new Run("[" + name(cp) + "]", true));
            afterSubstitute = true;
        }
        if (plain.length() > 0) {
            runs.add(new Run(plain.toString(), false));
        }
        return runs;
    }

    private static boolean isAlwaysShown(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || Character.isISOControl(cp) || type == Character.FORMAT
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.SPACE_SEPARATOR;
    }

    /** Zero-width joiner, variation selectors, skin tones, tag characters: parts of an emoji sequence. */
    private static boolean isEmojiModifier(int cp) {
        return cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    private static String name(int cp) {
        String name = Character.getName(cp);
        return name == null ? String.format("U+%04X", cp) : name.toLowerCase(Locale.ROOT);
    }
}
