package dev.duplex.chat.terminal;

import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatFormat;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.ChatModelListener;
import dev.duplex.chat.model.SendState;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prints a {@link ChatModel}'s new entries, one per line, on its own thread: the event loops only
 * flag a change, so a slow or blocked stdout never holds up the network. The model is the bounded
 * buffer; if the printer falls more than a model's worth behind, it says how many it skipped.
 * <pre>
 * [12:01:05] alice: hello           (out: someone's message)
 * [12:01:06] * bob joined           (out: a notice)
 * [12:01:07] ! Cannot reach ...     (err: an error, or one of your messages that was not sent)
 * </pre>
 */
final class TerminalPrinter implements ChatModelListener, AutoCloseable {
    private final ChatModel model;
    private final PrintStream out;
    private final PrintStream err;
    private final Thread thread;
    /** Own messages awaiting their outcome; at most a model's worth. */
    private final ArrayDeque<Long> pendingOwn = new ArrayDeque<>();
    private long lastId;

    // Guarded by this.
    private boolean dirty;
    private boolean closed;

    TerminalPrinter(ChatModel model, PrintStream out, PrintStream err) {
        this.model = model;
        this.out = out;
        this.err = err;
        this.thread = new Thread(this::run, "chat-terminal-printer");
        this.thread.setDaemon(true);
    }

    void start() {
        model.addListener(this);
        thread.start();
    }

    @Override
    public synchronized void chatChanged(ChatModel changed) {
        dirty = true;
        notifyAll();
    }

    private void run() {
        while (true) {
            boolean last;
            synchronized (this) {
                while (!dirty && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                dirty = false;
                last = closed;
            }
            printNew();
            if (last) {
                return;
            }
        }
    }

    private void printNew() {
        for (ChatEntry entry : model.entriesAfter(lastId)) {
            if (lastId > 0 && entry.id() > lastId + 1) {
                out.println("[" + ChatFormat.time(entry.time()) + "] * " + (entry.id() - lastId - 1)
                        + " entries were skipped: the terminal fell behind.");
            }
            lastId = entry.id();
            print(entry);
        }
        for (Iterator<Long> it = pendingOwn.iterator(); it.hasNext(); ) {
            Optional<ChatEntry> entry = model.entry(it.next());
            if (entry.isEmpty() || entry.get().sendState() != SendState.PENDING) {
                it.remove();
                entry.filter(e -> e.sendState() == SendState.FAILED).ifPresent(this::printFailure);
            }
        }
        out.flush();
        err.flush();
    }

    private void print(ChatEntry entry) {
        String time = "[" + ChatFormat.when(entry.time(), Instant.now()) + "] ";
        switch (entry.kind()) {
            case MESSAGE -> {
                if (!entry.own()) {
                    out.println(time + entry.sender() + ": " + indent(entry.body()));
                } else if (entry.sendState() == SendState.FAILED) {
                    printFailure(entry);
                } else if (entry.sendState() == SendState.PENDING) {
                    if (pendingOwn.size() >= model.maxEntries()) {
                        pendingOwn.removeFirst();
                    }
                    pendingOwn.addLast(entry.id());
                }
            }
            case NOTICE -> out.println(time + "* " + indent(entry.body()));
            case ERROR -> err.println(time + "! " + indent(entry.body()));
            case DIVIDER -> out.println(time + "----- " + entry.body() + " -----");
        }
    }

    private void printFailure(ChatEntry entry) {
        err.println("[" + ChatFormat.time(entry.time()) + "] ! Not sent: \"" + indent(entry.body()) + "\" — "
                + entry.detail());
    }

    /** Continuation lines of a multi-line message are indented, so each entry starts a line. */
    private static String indent(String body) {
        return body.replace("\r\n", "\n").replace("\n", "\n    ");
    }

    /** Prints what is left and stops the thread. */
    @Override
    public void close() {
        model.removeListener(this);
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
