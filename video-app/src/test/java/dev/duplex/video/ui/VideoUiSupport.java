package dev.duplex.video.ui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JRootPane;
import javax.swing.SwingUtilities;

/** Test steps on the EDT, and where a named part of a {@link VideoWindow} is. */
final class VideoUiSupport {
    private VideoUiSupport() {
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

    /** Where the component named {@code name} is, in root pane coordinates. */
    static Rectangle bounds(VideoWindow window, String name) throws Exception {
        return onEdt(() -> {
            JRootPane root = window.frame().getRootPane();
            Component c = find(root, name);
            if (c == null) {
                throw new AssertionError("no component named " + name);
            }
            return SwingUtilities.convertRectangle(c.getParent(), c.getBounds(), root);
        });
    }

    static Component find(Container parent, String name) {
        for (Component c : parent.getComponents()) {
            if (name.equals(c.getName())) {
                return c;
            }
            if (c instanceof Container inner) {
                Component hit = find(inner, name);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }
}
