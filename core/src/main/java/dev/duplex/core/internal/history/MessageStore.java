package dev.duplex.core.internal.history;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's message history, written by one dedicated thread so that no event loop ever waits on
 * the database ({@link MessageTable}: SQLite, a file or memory). Requests wait in a bounded queue;
 * the writer thread commits consecutive appends in one transaction ({@link MessageWriter}) and only
 * then runs their callbacks, in sequence order, on its own thread: an acknowledgement sent from a
 * callback is never ahead of the disk. A replay request runs after every append requested before it
 * ({@link ReplayPages} cuts it into pages).
 * <p>
 * Callbacks run on the writer thread: they must be quick and must not block (writing to a Netty
 * channel is fine). After the callbacks of one batch of requests, the writer runs the
 * {@code afterEachBatch} hook given to {@link #open(Path, HistoryConfig, Runnable)}: a relay hands
 * the writes its callbacks collected to the event loops there, once per batch.
 */
public final class MessageStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    /** The outcome of an append: its room sequence, and whether it was already stored. */
    public record Appended(long sequence, boolean duplicate) {
    }

    /**
     * One page of a joining client's replay, oldest first.
     *
     * @param messages     the page's messages, in sequence order
     * @param skipped      on the first page: how many more were missed than are replayed (0 when none
     *                     were left out); 0 on later pages
     * @param complete     true when nothing is stored after this page: the replay has caught up
     * @param lastSequence when complete, the room's last sequence (everything up to it was in the
     *                     replay or left out); else the sequence of the page's last message
     * @param unreadable   true when the history could not be read (no messages, not complete): the
     *                     member must not go live as if it had caught up, or it would miss what it
     *                     was being replayed; it has to ask again later (reconnect)
     */
    public record ReplayPage(List<StoredMessage> messages, long skipped, boolean complete, long lastSequence,
                             boolean unreadable) {
        /** A page that was read. */
        public ReplayPage(List<StoredMessage> messages, long skipped, boolean complete, long lastSequence) {
            this(messages, skipped, complete, lastSequence, false);
        }

        /** The answer when the page after {@code afterSequence} could not be read. */
        public static ReplayPage unreadable(long afterSequence) {
            return new ReplayPage(List.of(), 0, false, afterSequence, true);
        }
    }

    /** A message to store, with what to do once it is (or could not be). */
    record Append(String room, String sender, String senderKey, long messageId, long timestampMicros,
                          String body, Consumer<Appended> onStored, Consumer<Throwable> onFailure) {
    }

    /**
     * A page of a replay: messages after {@code afterSequence}. On the first page ({@code keep} >= 0)
     * only the {@code keep} newest of them; {@code reportSkipped} says whether the first page counts
     * the others (a returning client) or not (a newcomer).
     */
    private record ReplayRequest(String room, long afterSequence, int keep, boolean reportSkipped, int maxMessages,
                                 int maxBytes, Consumer<ReplayPage> then) {
    }

    /** Runs a task on the writer thread, in order with the other requests. */
    private record Probe(Runnable task) {
    }

    private final HistoryConfig config;
    private final String description;
    private final Runnable afterEachBatch;
    private final BlockingQueue<Object> requests;
    // Used by the writer thread only.
    private final MessageTable table;
    private final RoomSequences sequences;
    private final ReplayPages pages;
    private final MessageWriter writes;
    private final Thread writer;
    private volatile boolean closing;

    private MessageStore(MessageTable table, HistoryConfig config, String description, Runnable afterEachBatch) {
        this.table = table;
        this.config = config;
        this.description = description;
        this.afterEachBatch = afterEachBatch;
        this.requests = new ArrayBlockingQueue<>(config.maxPendingWrites());
        this.sequences = new RoomSequences(table, config.maxCachedRooms());
        this.pages = new ReplayPages(table, sequences);
        this.writes = new MessageWriter(table, sequences, config, description);
        this.writer = new Thread(this::run, "duplex-history");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) the history in {@code file}, or in memory when {@code file} is null.
     *
     * @throws DuplexException with a sentence if the database cannot be opened
     */
    public static MessageStore open(Path file, HistoryConfig config) {
        return open(file, config, () -> { });
    }

    /**
     * Like {@link #open(Path, HistoryConfig)}; {@code afterEachBatch} runs on the writer thread
     * after the callbacks of every batch of requests (also when a callback failed).
     */
    public static MessageStore open(Path file, HistoryConfig config, Runnable afterEachBatch) {
        Objects.requireNonNull(afterEachBatch, "afterEachBatch");
        String description = file == null ? "in-memory history" : file.toString();
        try {
            return new MessageStore(MessageTable.open(file), config, description, afterEachBatch);
        } catch (SQLException | IOException e) {
            throw new DuplexException(Status.of(Status.Kind.INTERNAL, "Cannot open the message history at "
                    + description + ": " + e.getMessage() + ". Check the --data directory and its permissions."), e);
        }
    }

    /**
     * A number identifying this history: it changes when the history is created anew, so a client
     * knows its remembered room sequences no longer apply.
     */
    public long epoch() {
        return table.epoch();
    }

    /** True on the writer thread, where callbacks run (for the checks of what must happen there). */
    public boolean onWriterThread() {
        return Thread.currentThread() == writer;
    }

    /**
     * Stores a message unless the same sender already stored the same id in that room. Callbacks run
     * on the writer thread after the commit.
     *
     * @param sender    the sender's nickname, as shown to others
     * @param senderKey who the sender is for the duplicate check (the relay passes the sender's
     *                  session, never its nickname: someone else with the same nickname is another sender)
     * @return false if the request queue is full (the relay is overloaded): nothing was stored
     */
    public boolean append(String room, String sender, String senderKey, long messageId, long timestampMicros,
                          String body, Consumer<Appended> onStored, Consumer<Throwable> onFailure) {
        return offer(new Append(room, sender, senderKey, messageId, timestampMicros, body, onStored, onFailure));
    }

    /** Like the other {@code append}, with the nickname as the sender's identity (for tools and benchmarks). */
    public boolean append(String room, String sender, long messageId, long timestampMicros, String body,
                          Consumer<Appended> onStored, Consumer<Throwable> onFailure) {
        return append(room, sender, "nickname:" + sender, messageId, timestampMicros, body, onStored, onFailure);
    }

    /**
     * Starts a joining client's replay: the first page of what it should see, the messages after
     * {@code afterSequence} (at most {@code maxReplay} of them, the newest), or for a first-time
     * client ({@code afterSequence < 0}) the {@code recentOnJoin} newest. Continue with
     * {@link #replayPage} after the page's last sequence until a page is complete. Runs after every
     * append requested before it.
     *
     * @param maxMessages most messages in a page (at least one is given when any is left)
     * @param maxBytes    most UTF-8 bytes of text bodies in a page (at least one message is given)
     * @return false if the request queue is full
     */
    public boolean replay(String room, long afterSequence, int maxMessages, int maxBytes, Consumer<ReplayPage> then) {
        boolean newcomer = afterSequence < 0;
        return offer(new ReplayRequest(room, Math.max(0, afterSequence),
                newcomer ? config.recentOnJoin() : config.maxReplay(), !newcomer, maxMessages, maxBytes, then));
    }

    /**
     * The next page of a replay: messages after {@code afterSequence}, the last sequence of the
     * previous page. Runs after every append requested before it.
     *
     * @return false if the request queue is full
     */
    public boolean replayPage(String room, long afterSequence, int maxMessages, int maxBytes,
                              Consumer<ReplayPage> then) {
        return offer(new ReplayRequest(room, afterSequence, -1, false, maxMessages, maxBytes, then));
    }

    private boolean offer(Object request) {
        return !closing && requests.offer(request);
    }

    /** Rooms whose last sequence is in memory now (for tests; at most {@code maxCachedRooms}). */
    int cachedRooms() {
        return onWriter(() -> sequences.size());
    }

    /** Every stored message of a room, oldest first (waits for earlier requests; for tests and tools). */
    public List<StoredMessage> messages(String room) {
        return onWriter(() -> pages.page(room, 0, Integer.MAX_VALUE, Integer.MAX_VALUE).messages());
    }

    /** What a task computes on the writer thread, in order with the requests before it (for tests and tools). */
    private <T> T onWriter(SqlTask<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!offer(new Probe(() -> {
            try {
                result.complete(task.run());
            } catch (SQLException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }))) {
            throw new IllegalStateException("history is closed or overloaded");
        }
        return result.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private interface SqlTask<T> {
        T run() throws SQLException;
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        long interval = config.minBatchInterval().toNanos();
        long lastBatchStart = System.nanoTime() - interval;
        while (!closing || !requests.isEmpty()) {
            try {
                Object first = requests.poll(250, TimeUnit.MILLISECONDS);
                if (first != null) {
                    // Under a steady load, gather what comes until the interval since the last batch ends.
                    long wait = lastBatchStart + interval - System.nanoTime();
                    if (wait > 0 && !closing) {
                        LockSupport.parkNanos(wait);
                    }
                    lastBatchStart = System.nanoTime();
                    batch.add(first);
                    requests.drainTo(batch, config.maxBatch() - 1);
                    try {
                        process(batch);
                    } finally {
                        batch.clear();
                        safely(afterEachBatch);
                    }
                }
                writes.sweepOldMessages();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("History writer failed on a batch of {} requests", batch.size(), e);
                batch.clear();
            }
        }
    }

    /** Appends run in one transaction up to the next replay, which then sees them. */
    private void process(List<Object> batch) {
        List<Append> appends = new ArrayList<>();
        for (Object request : batch) {
            if (request instanceof Append a) {
                appends.add(a);
                continue;
            }
            commitAppends(appends);
            appends.clear();
            if (request instanceof ReplayRequest replay) {
                answerReplay(replay);
            } else {
                safely(((Probe) request).task);
            }
        }
        commitAppends(appends);
    }

    private void commitAppends(List<Append> appends) {
        if (appends.isEmpty()) {
            return;
        }
        List<Appended> results;
        try {
            results = writes.commit(appends);
        } catch (SQLException e) {
            DuplexException failure = new DuplexException(Status.of(Status.Kind.INTERNAL,
                    "The relay could not store the message: " + e.getMessage()), e);
            log.error("Storing {} messages in {} failed", appends.size(), description, e);
            appends.forEach(a -> safely(() -> a.onFailure.accept(failure)));
            return;
        }
        for (int i = 0; i < appends.size(); i++) {
            Appended result = results.get(i);
            Append a = appends.get(i);
            safely(() -> a.onStored.accept(result));
        }
    }

    private void answerReplay(ReplayRequest request) {
        ReplayPage page;
        try {
            page = request.keep >= 0
                    ? pages.first(request.room, request.afterSequence, request.keep, request.reportSkipped,
                    request.maxMessages, request.maxBytes)
                    : pages.page(request.room, request.afterSequence, request.maxMessages, request.maxBytes);
        } catch (SQLException e) {
            log.error("Reading history of room {} from {} failed", request.room, description, e);
            page = ReplayPage.unreadable(request.afterSequence);
        } finally {
            endRead();
        }
        ReplayPage result = page;
        safely(() -> request.then.accept(result));
    }

    /**
     * Ends the read's transaction (the connection is never in auto-commit: the next one begins at
     * once): a read would otherwise hold its snapshot of the database until the next append commits,
     * keeping the checkpointer from the log's older pages, and a read that failed would see that
     * snapshot, and fail, again and again while no append comes.
     */
    private void endRead() {
        try {
            table.commit(); // nothing is written between batches: this only ends the read
        } catch (SQLException e) {
            log.warn("Ending a read of {} failed", description, e);
        }
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("History callback failed", e);
        }
    }

    /** Finishes the requests already queued, then closes the database. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            table.close();
        } catch (SQLException e) {
            log.warn("Closing {} failed", description, e);
        }
    }
}
