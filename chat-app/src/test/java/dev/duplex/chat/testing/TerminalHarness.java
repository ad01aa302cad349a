package dev.duplex.chat.testing;

import static org.awaitility.Awaitility.await;

import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.terminal.TerminalChat;
import dev.duplex.core.session.ReconnectPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a {@link TerminalChat} in-process on its own thread, with a scripted stdin and captured output. */
public final class TerminalHarness implements AutoCloseable {
    /** The time stamp every printed line starts with. */
    public static final String TIME = "\\[\\d{2}:\\d{2}:\\d{2}\\] ";

    public final LineInput in = new LineInput();
    public final CapturedOutput out = new CapturedOutput();
    public final CapturedOutput err = new CapturedOutput();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private TerminalHarness() {
    }

    public static TerminalHarness start(ChatTarget target) {
        return start(target, TerminalChat.DEFAULT_ACK_WAIT);
    }

    /** Over {@code security} (e.g. TLS pinned to a test relay's identity). */
    public static TerminalHarness start(ChatTarget target, ChatSecurity security) {
        return start(target, TerminalChat.DEFAULT_ACK_WAIT, security);
    }

    /** @param ackWait how long the end of input waits for unconfirmed messages */
    public static TerminalHarness start(ChatTarget target, Duration ackWait) {
        return start(target, ackWait, ChatSecurity.plaintext());
    }

    private static TerminalHarness start(ChatTarget target, Duration ackWait, ChatSecurity security) {
        TerminalHarness h = new TerminalHarness();
        TerminalChat chat = new TerminalChat(h.in, h.out.stream(), h.err.stream(),
                new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0, 0), 1000, ackWait);
        Thread thread = new Thread(() -> {
            try {
                h.exit.complete(chat.run(target, security));
            } catch (Throwable t) {
                h.exit.completeExceptionally(t);
            }
        }, "terminal-" + target.nickname());
        thread.setDaemon(true);
        thread.start();
        return h;
    }

    public void send(String line) {
        in.line(line);
    }

    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Waits until stdout has a line matching {@code regex} (whole line) and returns the match. */
    public Matcher awaitLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return await().atMost(Duration.ofSeconds(10)).until(() -> out.lines().stream().map(pattern::matcher)
                .filter(Matcher::matches).findFirst().orElse(null), m -> m != null);
    }

    /** Lines of stdout matching {@code regex}, in order. */
    public List<String> linesMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return out.lines().stream().filter(l -> pattern.matcher(l).matches()).toList();
    }

    /** Ends the input (if not yet) and waits for the exit code. */
    @Override
    public void close() throws ExecutionException, TimeoutException {
        in.end();
        try {
            exit.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
