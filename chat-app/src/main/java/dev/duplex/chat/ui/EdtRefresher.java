package dev.duplex.chat.ui;

import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.ChatModelListener;
import dev.duplex.chat.model.ChatSnapshot;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;

/**
 * The hop from whatever thread changed the model to the EDT: however many changes arrive, at most
 * one render is queued, and it renders the latest snapshot (no per-event flood on the EDT).
 */
final class EdtRefresher implements ChatModelListener {
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Consumer<ChatSnapshot> render;

    EdtRefresher(Consumer<ChatSnapshot> render) {
        this.render = render;
    }

    @Override
    public void chatChanged(ChatModel model) {
        if (queued.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                queued.set(false);
                render.accept(model.snapshot());
            });
        }
    }
}
