package dev.duplex.examples;

import java.util.concurrent.CompletableFuture;

/** Runs a program under test on a thread of its own; the future completes when it returns. */
public final class Background {
    /** A program body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private Background() {
    }

    public static CompletableFuture<Void> start(String name, Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return done;
    }
}
