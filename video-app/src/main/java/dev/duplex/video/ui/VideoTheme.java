package dev.duplex.video.ui;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.themes.FlatMacLightLaf;
import java.awt.Font;
import javax.swing.UIManager;

/**
 * The look of the video window: FlatLaf's macOS-light theme, the same as the chat window, so the
 * apps look alike whether started alone or together in the demo. Its font is the logical sans-serif,
 * which Java maps to fonts that cover Hangul.
 */
final class VideoTheme {
    private static boolean installed;

    private VideoTheme() {
    }

    /** Installs FlatLaf once (on the EDT), unless a FlatLaf theme is already in use. */
    static void install() {
        if (installed || UIManager.getLookAndFeel() instanceof FlatLaf) {
            installed = true;
            return;
        }
        FlatLaf.setPreferredFontFamily(Font.SANS_SERIF);
        FlatMacLightLaf.setup();
        installed = true;
    }
}
