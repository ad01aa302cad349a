package dev.duplex.chat.ui;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;

/** Runs test steps on the EDT, types through key events, and captures windows as PNG. */
final class SwingSupport {
    private SwingSupport() {
    }

    static <T> T onEdt(Callable<T> step) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(step.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /**
     * Gives {@code target} the keyboard focus, asking again until it has it (within {@code wait}):
     * under Xvfb, with no window manager, a request can be lost while its window is still becoming
     * the focused one.
     */
    static void focus(JComponent target, java.time.Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!onEdt(target::isFocusOwner)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Could not give the focus to " + target.getClass().getSimpleName()
                        + " within " + wait + " (focused window: " + onEdt(() -> String.valueOf(
                        java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusedWindow())) + ")");
            }
            onEdt(() -> {
                java.awt.Window window = SwingUtilities.getWindowAncestor(target);
                if (window != null && !window.isFocused()) {
                    window.toFront();
                }
                return target.requestFocusInWindow() || target.requestFocus(false);
            });
            Thread.sleep(100);
        }
    }

    /** Types {@code text} into {@code target} as KEY_TYPED events, as a keyboard (or an IME) would. */
    static void type(JComponent target, String text) throws Exception {
        onEdt(() -> {
            for (char c : text.toCharArray()) {
                target.dispatchEvent(new KeyEvent(target, KeyEvent.KEY_TYPED, System.currentTimeMillis(), 0,
                        KeyEvent.VK_UNDEFINED, c));
            }
            return null;
        });
    }

    /** Presses Enter (with Shift if asked) on {@code target}. */
    static void pressEnter(JComponent target, boolean shift) throws Exception {
        onEdt(() -> {
            target.dispatchEvent(new KeyEvent(target, KeyEvent.KEY_PRESSED, System.currentTimeMillis(),
                    shift ? InputEvent.SHIFT_DOWN_MASK : 0, KeyEvent.VK_ENTER, '\n'));
            return null;
        });
    }

    /** A window larger than the (virtual) screen, painted into an image instead of captured. */
    private static BufferedImage painted(java.awt.Window window) throws Exception {
        return onEdt(() -> {
            JComponent root = ((javax.swing.RootPaneContainer) window).getRootPane();
            BufferedImage image = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            try {
                root.printAll(g);
            } finally {
                g.dispose();
            }
            return image;
        });
    }

    /** Captures the screen area of the window and writes it to {@code target/screenshots/<name>}. */
    static Path screenshot(java.awt.Window window, String name) throws Exception {
        Robot robot = new Robot();
        onEdt(() -> null);
        robot.waitForIdle();
        Rectangle bounds = onEdt(window::getBounds);
        Rectangle screen = onEdt(() -> window.getGraphicsConfiguration().getBounds());
        BufferedImage image = screen.contains(bounds) ? robot.createScreenCapture(bounds) : painted(window);
        Path file = Path.of("target", "screenshots", name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
