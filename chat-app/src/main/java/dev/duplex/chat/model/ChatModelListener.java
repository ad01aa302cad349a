package dev.duplex.chat.model;

/**
 * Told that a {@link ChatModel} changed. Called on the thread that changed it (often a Netty
 * event loop), outside the model's lock: return at once, and read the model later on your own
 * thread (a window hops to the EDT and takes a {@link ChatModel#snapshot()}).
 */
@FunctionalInterface
public interface ChatModelListener {
    void chatChanged(ChatModel model);
}
