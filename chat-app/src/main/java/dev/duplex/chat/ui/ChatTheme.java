package dev.duplex.chat.ui;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.themes.FlatMacLightLaf;
import dev.duplex.chat.model.LinkState;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Insets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.swing.UIManager;

/**
 * The window's look: FlatLaf with a font that has Hangul (so 한글 renders; FlatLaf's composite
 * font falls back to the system fonts for anything else), and the colours for senders and states.
 */
final class ChatTheme {
    /** Fonts with Hangul, best first; the first installed one is used. */
    static final List<String> HANGUL_FAMILIES = List.of("Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR",
            "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Apple SD Gothic Neo", "UnDotum", "Baekmuk Gulim");

    static final Color MUTED = new Color(0x8a8f98);
    static final Color ERROR = new Color(0xc62828);
    static final Color OWN = new Color(0x1565c0);
    private static final Color[] SENDERS = {
        new Color(0x2e7d32), new Color(0x6a1b9a), new Color(0xc2185b), new Color(0xef6c00),
        new Color(0x00838f), new Color(0x5d4037), new Color(0x283593), new Color(0x9e9d24),
    };

    private static boolean installed;

    private ChatTheme() {
    }

    /** Installs FlatLaf once (on the EDT), unless a FlatLaf theme is already in use. */
    static void install() {
        if (installed || UIManager.getLookAndFeel() instanceof FlatLaf) {
            installed = true;
            return;
        }
        hangulFamily().ifPresent(FlatLaf::setPreferredFontFamily);
        FlatMacLightLaf.setup();
        UIManager.put("Component.arc", 10);
        UIManager.put("Button.arc", 10);
        UIManager.put("TextComponent.arc", 10);
        UIManager.put("ScrollBar.thumbArc", 999);
        UIManager.put("ScrollBar.thumbInsets", new Insets(2, 2, 2, 2));
        UIManager.put("SplitPane.dividerSize", 6);
        // Enter presses the button that has the focus (Tab to "Do not connect", Enter: not connected).
        UIManager.put("Button.defaultButtonFollowsFocus", true);
        installed = true;
    }

    /** The first installed font family of {@link #HANGUL_FAMILIES} that can show Hangul. */
    static Optional<String> hangulFamily() {
        Set<String> available = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        return HANGUL_FAMILIES.stream().filter(available::contains)
                .filter(family -> new Font(family, Font.PLAIN, 12).canDisplayUpTo("한글") < 0)
                .findFirst();
    }

    /** A stable, readable colour per nickname. */
    static Color senderColor(String nickname) {
        return SENDERS[Math.floorMod(nickname.hashCode(), SENDERS.length)];
    }

    static Color stateColor(LinkState state) {
        return switch (state) {
            case CONNECTED -> new Color(0x2e7d32);
            case CONNECTING, RECONNECTING -> new Color(0xef8f00);
            case LISTENING -> OWN;
            case OFFLINE -> MUTED;
        };
    }
}
