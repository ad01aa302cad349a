package dev.duplex.chat.ui;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Decides how each character of a message is drawn. Java 17 cannot paint colour emoji (Noto Color
 * Emoji is found but its glyphs come out empty), so "👋" would silently vanish. Emoji and other
 * pictographs go to the first installed monochrome font that draws them ({@link #EMOJI_FAMILIES},
 * e.g. Symbola from Debian's {@code fonts-symbola}) whatever the base font's fallback chain would
 * pick, so they look alike on every machine; other characters the base font cannot draw try those
 * fonts too. Only when no font draws a character is it replaced by its name, "[waving hand sign]".
 * Joiners, variation selectors and skin-tone modifiers that follow such a character are dropped (a
 * monochrome font draws them as separate marks, if at all).
 */
final class GlyphFallback {
    /**
     * Fonts with emoji, best first: the installed ones draw what the base font cannot. Each system
     * has some: Windows the Segoe UI fonts (Java draws their outlines), macOS Apple Color Emoji (used
     * only where this Java draws its glyphs, see {@link #draws}) and Apple Symbols, Linux the Noto,
     * Symbola and DejaVu fonts of its packages.
     */
    static final List<String> EMOJI_FAMILIES = List.of("Noto Emoji", "Symbola", "Segoe UI Emoji", "Segoe UI Symbol",
            "Apple Color Emoji", "Apple Symbols", "DejaVu Sans", "Noto Sans Symbols 2", "Noto Sans Symbols");
    private static final int CACHE_SIZE = 1024;

    /**
     * A piece of text drawn one way.
     *
     * @param text       the characters to insert
     * @param substitute true if {@code text} is a name replacing an undrawable character
     * @param family     the font family to draw {@code text} in, or null for the base font
     */
    record Run(String text, boolean substitute, String family) {
        /** A run in the base font (or a name standing in for a character). */
        Run(String text, boolean substitute) {
            this(text, substitute, null);
        }
    }

    /**
     * A font to try, in order, for what the base font cannot draw.
     *
     * @param family   the font family, set on the run
     * @param drawable whether a code point shows something in it
     */
    record Fallback(String family, IntPredicate drawable) {
        Fallback {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(drawable, "drawable");
        }
    }

    private final IntPredicate drawable;
    private final List<Fallback> fallbacks;

    /** @param drawable whether a code point shows something in the base font; no fallback fonts */
    GlyphFallback(IntPredicate drawable) {
        this(drawable, List.of());
    }

    /**
     * @param drawable  whether a code point shows something in the base font
     * @param fallbacks fonts to try, in order, for the rest
     */
    GlyphFallback(IntPredicate drawable, List<Fallback> fallbacks) {
        this.drawable = Objects.requireNonNull(drawable, "drawable");
        this.fallbacks = List.copyOf(fallbacks);
    }

    /** Checks against {@code font}, falling back to the installed {@link #EMOJI_FAMILIES}. */
    static GlyphFallback forFont(Font font) {
        List<Fallback> fallbacks = new ArrayList<>();
        for (String family : installedEmojiFamilies()) {
            if (!family.equals(font.getFamily())) {
                fallbacks.add(new Fallback(family, draws(new Font(family, Font.PLAIN, font.getSize()))));
            }
        }
        return new GlyphFallback(draws(font), fallbacks);
    }

    /** The installed families of {@link #EMOJI_FAMILIES}, best first. */
    static List<String> installedEmojiFamilies() {
        Set<String> available = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        return EMOJI_FAMILIES.stream().filter(available::contains).toList();
    }

    /** A code point is drawable in {@code font} if its glyph has visible bounds (empty colour glyphs do not). */
    private static IntPredicate draws(Font font) {
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Map<Integer, Boolean> cache = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                return size() > CACHE_SIZE;
            }
        };
        return cp -> cache.computeIfAbsent(cp, c -> font.canDisplay(c)
                && !font.createGlyphVector(frc, new String(Character.toChars(c))).getVisualBounds().isEmpty());
    }

    /** Splits {@code text} into runs: base font, a fallback font, or a name standing in for a character. */
    List<Run> split(String text) {
        List<Run> runs = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        String pendingFamily = null;
        boolean afterStandIn = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (afterStandIn && isEmojiModifier(cp)) {
                continue;
            }
            String family;
            Fallback preferred = isPictograph(cp) ? fallbackFor(cp) : null;
            if (preferred != null) {
                family = preferred.family();
                afterStandIn = true;
            } else if (isSpace(cp) || drawable.test(cp)) {
                family = null;
                afterStandIn = false;
            } else if (isMark(cp)) {
                family = pendingFamily; // stays with the character it belongs to
            } else {
                Fallback fallback = fallbackFor(cp);
                if (fallback == null) {
                    flush(runs, pending, pendingFamily);
                    runs.add(new Run("[" + name(cp) + "]", true));
                    pendingFamily = null;
                    afterStandIn = true;
                    continue;
                }
                family = fallback.family();
                afterStandIn = true;
            }
            if (pending.length() > 0 && !Objects.equals(family, pendingFamily)) {
                flush(runs, pending, pendingFamily);
            }
            pendingFamily = family;
            pending.appendCodePoint(cp);
        }
        flush(runs, pending, pendingFamily);
        return runs;
    }

    private Fallback fallbackFor(int cp) {
        for (Fallback fallback : fallbacks) {
            if (fallback.drawable().test(cp)) {
                return fallback;
            }
        }
        return null;
    }

    private static void flush(List<Run> runs, StringBuilder pending, String family) {
        if (pending.length() > 0) {
            runs.add(new Run(pending.toString(), false, family));
            pending.setLength(0);
        }
    }

    /** Symbols, dingbats, and the emoji planes' pictographs: drawn in an emoji font when one is installed. */
    private static boolean isPictograph(int cp) {
        return (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isISOControl(cp)
                || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** Marks and format characters: they belong to the character before them. */
    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
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
