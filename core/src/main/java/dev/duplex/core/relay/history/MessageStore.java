package dev.duplex.core.relay.history;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.Wire;
import dev.duplex.core.session.DuplexException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's message history in SQLite (a file, or memory for tests), written by one dedicated
 * thread so that no event loop ever waits on the database. Requests wait in a bounded queue; the
 * writer commits consecutive appends in one transaction (WAL mode, so the file stays consistent
 * after {@code kill -9}) and only then runs their callbacks, in sequence order, on its own thread:
 * an acknowledgement sent from a callback is never ahead of the disk.
 * <p>
 * Callbacks run on the writer thread: they must be quick and must not block (writing to a Netty
 * channel is fine). After the callbacks of one batch of requests, the writer runs the
 * {@code afterEachBatch} hook given to {@link #open(Path, HistoryConfig, Runnable)}: a relay hands
 * the writes its callbacks collected to the event loops there, once per batch.
 */
public final class MessageStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
    private static final long AGE_SWEEP_MILLIS = 60_000;

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
     */
    public record ReplayPage(List<StoredMessage> messages, long skipped, boolean complete, long lastSequence) {
    }

    private final HistoryConfig config;
    private final Connection db;
    private final BlockingQueue<Object> requests;
    private final Thread writer;
    /** The last sequence of recently used rooms (writer thread only), bounded by maxCachedRooms. */
    private final Map<String, Long> lastSequence;
    private final long epoch;
    private final String description;
    private final Runnable afterEachBatch;
    /** Statements kept for the store's life; used only by the writer thread. */
    private PreparedStatement insert;
    private PreparedStatement findExisting;
    private PreparedStatement lastSequenceOfRoom;
    private PreparedStatement deleteUpTo;
    private volatile boolean closing;
    private long lastAgeSweep;

    private record Append(String room, String sender, String senderKey, long messageId, long timestampMicros,
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

    private MessageStore(Connection db, HistoryConfig config, String description, Runnable afterEachBatch)
            throws SQLException {
        this.db = db;
        this.config = config;
        this.description = description;
        this.afterEachBatch = afterEachBatch;
        this.requests = new ArrayBlockingQueue<>(config.maxPendingWrites());
        this.lastSequence = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > config.maxCachedRooms();
            }
        };
        initSchema();
        this.epoch = loadEpoch();
        prepareStatements();
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
        java.util.Objects.requireNonNull(afterEachBatch, "afterEachBatch");
        String url = file == null ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file.toAbsolutePath();
        String description = file == null ? "in-memory history" : file.toString();
        try {
            if (file != null && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Connection connection = DriverManager.getConnection(url);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // NORMAL in WAL mode: a commit survives the process being killed (not a power cut).
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            connection.setAutoCommit(false);
            return new MessageStore(connection, config, description, afterEachBatch);
        } catch (SQLException | java.io.IOException e) {
            throw new DuplexException(ErrorCode.INTERNAL, "Cannot open the message history at " + description + ": "
                    + e.getMessage() + ". Check the --data directory and its permissions.", e);
        }
    }

    private void initSchema() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS messages (room TEXT NOT NULL, seq INTEGER NOT NULL, "
                    + "sender TEXT NOT NULL, message_id INTEGER NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL, "
                    + "stored_at INTEGER NOT NULL, sender_key TEXT NOT NULL DEFAULT '', "
                    + "PRIMARY KEY (room, seq))");
            if (!hasColumn(s, "sender_key")) {
                // A history from before duplicates were told apart by session: its rows keep the nickname.
                s.execute("ALTER TABLE messages ADD COLUMN sender_key TEXT NOT NULL DEFAULT ''");
            }
            s.execute("UPDATE messages SET sender_key = 'nickname:' || sender WHERE sender_key = ''");
            s.execute("DROP INDEX IF EXISTS messages_by_sender");
            s.execute("CREATE UNIQUE INDEX IF NOT EXISTS messages_by_sender_key ON messages "
                    + "(room, sender_key, message_id)");
            s.execute("CREATE INDEX IF NOT EXISTS messages_by_age ON messages (stored_at)");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        }
        db.commit();
    }

    private static boolean hasColumn(Statement s, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA table_info(messages)")) {
            while (r.next()) {
                if (column.equals(r.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void prepareStatements() throws SQLException {
        // OR IGNORE: a message already stored by the same sender (a resend after a reconnect) is
        // skipped by the unique index instead of being looked up before every insert.
        insert = db.prepareStatement("INSERT OR IGNORE INTO messages (room, seq, sender, message_id, ts, body, "
                + "stored_at, sender_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        findExisting = db.prepareStatement("SELECT seq FROM messages WHERE room = ? AND sender_key = ? "
                + "AND message_id = ?");
        lastSequenceOfRoom = db.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE room = ?");
        deleteUpTo = db.prepareStatement("DELETE FROM messages WHERE room = ? AND seq <= ?");
    }

    private long loadEpoch() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key='epoch'")) {
            if (r.next()) {
                return r.getLong(1);
            }
        }
        long fresh = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('epoch', ?)")) {
            p.setLong(1, fresh);
            p.executeUpdate();
        }
        db.commit();
        return fresh;
    }

    /**
     * A number identifying this history: it changes when the history is created anew, so a client
     * knows its remembered room sequences no longer apply.
     */
    public long epoch() {
        return epoch;
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
        return !closing && requests.offer(new Append(room, sender, senderKey, messageId, timestampMicros, body,
                onStored, onFailure));
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
        CompletableFuture<Integer> size = new CompletableFuture<>();
        if (!offer(new Probe(() -> size.complete(lastSequence.size())))) {
            throw new IllegalStateException("history is closed or overloaded");
        }
        return size.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Every stored message of a room, oldest first (waits for earlier requests; for tests and tools). */
    public List<StoredMessage> all(String room) {
        CompletableFuture<List<StoredMessage>> result = new CompletableFuture<>();
        if (!offer(new Probe(() -> {
            try {
                result.complete(page(room, 0, Integer.MAX_VALUE, Integer.MAX_VALUE).messages());
            } catch (SQLException e) {
                result.completeExceptionally(e);
            }
        }))) {
            throw new IllegalStateException("history is closed or overloaded");
        }
        return result.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        while (!closing || !requests.isEmpty()) {
            try {
                Object first = requests.poll(250, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    requests.drainTo(batch, config.maxBatch() - 1);
                    try {
                        process(batch);
                    } finally {
                        batch.clear();
                        safely(afterEachBatch);
                    }
                }
                sweepOldMessages();
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
        List<Appended> results = new ArrayList<>(appends.size());
        // The rooms' last sequences before this transaction (null: not in memory), to restore on a rollback.
        Map<String, Long> before = new HashMap<>();
        for (Append a : appends) {
            if (!before.containsKey(a.room)) {
                before.put(a.room, lastSequence.get(a.room));
            }
        }
        Map<String, Long> newestStored = new TreeMap<>();
        try {
            // The relay's clock: a sender's wrong clock must not expire its message.
            long storedAtMicros = System.currentTimeMillis() * 1000;
            for (Append a : appends) {
                long seq = nextSequence(a.room);
                insert.setString(1, a.room);
                insert.setLong(2, seq);
                insert.setString(3, a.sender);
                insert.setLong(4, a.messageId);
                insert.setLong(5, a.timestampMicros);
                insert.setString(6, a.body);
                insert.setLong(7, storedAtMicros);
                insert.setString(8, a.senderKey);
                if (insert.executeUpdate() == 1) {
                    newestStored.put(a.room, seq);
                    results.add(new Appended(seq, false));
                } else {
                    lastSequence.put(a.room, seq - 1);
                    results.add(new Appended(existingSequence(a), true));
                }
            }
            capRooms(newestStored);
            db.commit();
        } catch (SQLException e) {
            rollback();
            before.forEach((room, last) -> {
                if (last == null) {
                    lastSequence.remove(room);
                } else {
                    lastSequence.put(room, last);
                }
            });
            DuplexException failure = new DuplexException(ErrorCode.INTERNAL,
                    "The relay could not store the message: " + e.getMessage(), e);
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

    /** The sequence under which {@code a}'s sender stored the same message id before. */
    private long existingSequence(Append a) throws SQLException {
        findExisting.setString(1, a.room);
        findExisting.setString(2, a.senderKey);
        findExisting.setLong(3, a.messageId);
        try (ResultSet r = findExisting.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("message " + a.messageId + " of " + a.sender + " was neither inserted nor found");
            }
            return r.getLong(1);
        }
    }

    private long nextSequence(String room) throws SQLException {
        Long last = lastSequence.get(room);
        if (last == null) {
            lastSequenceOfRoom.setString(1, room);
            try (ResultSet r = lastSequenceOfRoom.executeQuery()) {
                r.next();
                last = r.getLong(1);
            }
        }
        long next = last + 1;
        lastSequence.put(room, next);
        return next;
    }

    private void capRooms(Map<String, Long> newestStored) throws SQLException {
        for (Map.Entry<String, Long> room : newestStored.entrySet()) {
            long keepAfter = room.getValue() - config.maxMessagesPerRoom();
            if (keepAfter > 0) {
                deleteUpTo.setString(1, room.getKey());
                deleteUpTo.setLong(2, keepAfter);
                deleteUpTo.executeUpdate();
            }
        }
    }

    private void sweepOldMessages() {
        long now = System.currentTimeMillis();
        if (now - lastAgeSweep < AGE_SWEEP_MILLIS) {
            return;
        }
        lastAgeSweep = now;
        long cutoffMicros = (now - config.maxAge().toMillis()) * 1000;
        try (PreparedStatement p = db.prepareStatement("DELETE FROM messages WHERE stored_at < ?")) {
            p.setLong(1, cutoffMicros);
            int deleted = p.executeUpdate();
            db.commit();
            if (deleted > 0) {
                log.info("Deleted {} messages older than {} from {}", deleted, config.maxAge(), description);
            }
        } catch (SQLException e) {
            rollback();
            log.warn("Could not delete old messages from {}", description, e);
        }
    }

    private void answerReplay(ReplayRequest request) {
        ReplayPage page;
        try {
            long after = request.afterSequence;
            long skipped = 0;
            if (request.keep >= 0) {
                // The first page: start where only the newest `keep` of the missed messages follow.
                long missed = countAfter(request.room, after);
                if (missed > request.keep) {
                    after = request.keep == 0 ? lastSequenceOf(request.room)
                            : nthNewestSequence(request.room, request.keep) - 1;
                    skipped = request.reportSkipped ? missed - request.keep : 0;
                }
            }
            ReplayPage first = page(request.room, after, request.maxMessages, request.maxBytes);
            page = new ReplayPage(first.messages(), skipped, first.complete(), first.lastSequence());
        } catch (SQLException e) {
            log.error("Reading history of room {} from {} failed", request.room, description, e);
            page = new ReplayPage(List.of(), 0, true, request.afterSequence);
        }
        ReplayPage result = page;
        safely(() -> request.then.accept(result));
    }

    private long countAfter(String room, long after) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM messages WHERE room = ? AND seq > ?")) {
            count.setString(1, room);
            count.setLong(2, after);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The sequence of the room's {@code n}-th newest message (n >= 1). */
    private long nthNewestSequence(String room, long n) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT seq FROM messages WHERE room = ? "
                + "ORDER BY seq DESC LIMIT 1 OFFSET ?")) {
            p.setString(1, room);
            p.setLong(2, n - 1);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private long lastSequenceOf(String room) throws SQLException {
        Long cached = lastSequence.get(room);
        if (cached != null) {
            return cached;
        }
        lastSequenceOfRoom.setString(1, room);
        try (ResultSet r = lastSequenceOfRoom.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Messages after {@code after}, oldest first, up to {@code maxMessages} and about {@code maxBytes} of text. */
    private ReplayPage page(String room, long after, int maxMessages, int maxBytes) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        long bytes = 0;
        boolean more = false;
        try (PreparedStatement p = db.prepareStatement("SELECT seq, sender, message_id, ts, body FROM messages "
                + "WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            p.setString(1, room);
            p.setLong(2, after);
            p.setLong(3, maxMessages == Integer.MAX_VALUE ? Long.MAX_VALUE : maxMessages + 1L);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (messages.size() >= maxMessages || (!messages.isEmpty() && bytes >= maxBytes)) {
                        more = true;
                        break;
                    }
                    StoredMessage m = new StoredMessage(room, r.getLong(1), r.getString(2), r.getLong(3), r.getLong(4),
                            r.getString(5));
                    messages.add(m);
                    bytes += Wire.utf8Length(m.body());
                }
            }
        }
        long last = messages.isEmpty() ? after : messages.get(messages.size() - 1).sequence();
        return new ReplayPage(messages, 0, !more, more ? last : Math.max(last, lastSequenceOf(room)));
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed on {}", description, e);
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
            for (PreparedStatement statement : new PreparedStatement[] {insert, findExisting, lastSequenceOfRoom, deleteUpTo}) {
                statement.close();
            }
            db.close();
        } catch (SQLException e) {
            log.warn("Closing {} failed", description, e);
        }
    }
}
