package dev.duplex.chat.terminal;

import dev.duplex.chat.control.ChatController;
import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.core.session.ReconnectPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat without a window: each line read from {@code in} (UTF-8) is sent; messages, joins and
 * leaves are printed one per line to {@code out}, errors to {@code err}. Lines typed while
 * reconnecting wait in the session's bounded outbox and go out once reconnected. End of input
 * waits (at most {@link #DEFAULT_ACK_WAIT}, saying so) for the acknowledgements of what was sent,
 * then closes the session (BYE); messages never confirmed make the exit code 1. Works with a relay
 * and in both direct modes; streams are parameters so that tests drive it in-process.
 */
public final class TerminalChat {
    private static final Logger log = LoggerFactory.getLogger(TerminalChat.class);
    /** How long the end of input waits for messages still unconfirmed. */
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(10);

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final ReconnectPolicy reconnect;
    private final int maxEntries;
    private final Duration ackWait;

    /** A terminal chat with backoff reconnects and {@link ChatModel#DEFAULT_MAX_ENTRIES}. */
    public TerminalChat(InputStream in, PrintStream out, PrintStream err) {
        this(in, out, err, ReconnectPolicy.exponentialBackoff(), ChatModel.DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param reconnect  what a dropped relay or direct connection does
     * @param maxEntries how many entries the printer may fall behind before it skips
     */
    public TerminalChat(InputStream in, PrintStream out, PrintStream err, ReconnectPolicy reconnect,
                        int maxEntries) {
        this(in, out, err, reconnect, maxEntries, DEFAULT_ACK_WAIT);
    }

    /** @param ackWait how long the end of input waits for unconfirmed messages */
    public TerminalChat(InputStream in, PrintStream out, PrintStream err, ReconnectPolicy reconnect,
                        int maxEntries, Duration ackWait) {
        this.ackWait = Objects.requireNonNull(ackWait, "ackWait");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
        this.maxEntries = maxEntries;
    }

    /**
     * Chats with {@code target} until the input ends or the connection ends for good.
     *
     * @return 0 after end of input or when the direct peer left; 1 when the connection could not
     *         be made, an error ended it, or a message was not confirmed (a sentence on {@code err})
     */
    public int run(ChatTarget target) {
        return run(target, ChatSecurity.plaintext());
    }

    /**
     * Like {@link #run(ChatTarget)}, protected as {@code security} says. Over TLS an identity met
     * for the first time is trusted and its fingerprint printed (like SSH's {@code accept-new}); a
     * changed one is refused with a warning on {@code err} and exit code 1.
     */
    public int run(ChatTarget target, ChatSecurity security) {
        ChatModel model = new ChatModel(maxEntries);
        try (TerminalPrinter printer = new TerminalPrinter(model, out, err);
             ChatController controller = new ChatController(model, Clock.systemUTC(), reconnect)) {
            controller.security(security);
            printer.start();
            try {
                controller.start(target).join();
            } catch (CompletionException e) {
                return 1;
            }
            CompletableFuture<Integer> done = new CompletableFuture<>();
            controller.ended().whenComplete((reason, failure) -> done.complete(failure == null ? 0 : 1));
            Thread reader = new Thread(() -> readLines(controller, done), "chat-terminal-input");
            reader.setDaemon(true);
            reader.start();
            int code = done.join();
            return Math.max(code, confirmSends(controller));
        }
    }

    /** Waits (bounded, saying so) for what is still unconfirmed; 1 if anything stays unconfirmed. */
    private int confirmSends(ChatController controller) {
        int waiting = controller.unconfirmedCount();
        if (waiting > 0 && !controller.awaitPendingSends(Duration.ZERO)) {
            err.println("Waiting up to " + (ackWait.toMillis() % 1000 == 0 ? ackWait.toSeconds() + " s"
                    : ackWait.toMillis() + " ms") + " for the acknowledgement of " + messages(waiting)
                    + "...");
            controller.awaitPendingSends(ackWait);
        }
        int unconfirmed = controller.unconfirmedCount();
        if (unconfirmed == 0) {
            return 0;
        }
        err.println(messages(unconfirmed) + (unconfirmed == 1 ? " was" : " were") + " not confirmed: "
                + (unconfirmed == 1 ? "it" : "they") + " may not have been delivered.");
        return 1;
    }

    private static String messages(int n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    private void readLines(ChatController controller, CompletableFuture<Integer> done) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!done.isDone() && (line = lines.readLine()) != null) {
                controller.send(line);
            }
            done.complete(0);
        } catch (IOException e) {
            log.debug("Reading the input failed", e);
            err.println("Cannot read the input (" + e.getMessage() + "): leaving.");
            done.complete(1);
        }
    }
}
