package dev.duplex.core.internal.history;

import dev.duplex.core.relay.history.StoredMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.sqlite.SQLiteConfig;

/**
 * The relay's messages in SQLite, over one connection: the schema (and its migration), the
 * history's epoch, and every statement the store runs. WAL mode, so the file stays consistent
 * after {@code kill -9}; a history in a file has its log copied into the file by a
 * {@link WalCheckpointer} (its own thread and connection). Used by the store's writer thread only:
 * a SQLite connection is not shared.
 */
final class MessageTable implements AutoCloseable {
    private final Connection db;
    private final long epoch;
    private final WalCheckpointer checkpointer;
    /** Statements kept for the table's life. */
    private final PreparedStatement insert;
    private final PreparedStatement findExisting;
    private final PreparedStatement lastSequenceOfRoom;
    private final PreparedStatement deleteUpTo;

    private MessageTable(Connection db, WalCheckpointer checkpointer) throws SQLException {
        this.db = db;
        this.checkpointer = checkpointer;
        initSchema();
        this.epoch = loadEpoch();
        // OR IGNORE: a message already stored by the same sender (a resend after a reconnect) is
        // skipped by the unique index instead of being looked up before every insert.
        insert = db.prepareStatement("INSERT OR IGNORE INTO messages (room, seq, sender, message_id, ts, body, "
                + "stored_at, sender_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        findExisting = db.prepareStatement("SELECT seq FROM messages WHERE room = ? AND sender_key = ? "
                + "AND message_id = ?");
        lastSequenceOfRoom = db.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE room = ?");
        deleteUpTo = db.prepareStatement("DELETE FROM messages WHERE room = ? AND seq <= ?");
    }

    /** Opens (creating if needed) the table in {@code file}, or in memory when {@code file} is null. */
    static MessageTable open(Path file) throws SQLException, IOException {
        String url = file == null ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file.toAbsolutePath();
        if (file != null && file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        SQLiteConfig config = new SQLiteConfig();
        // Off: the driver would otherwise run "SELECT last_insert_rowid()" through a new statement after
        // every INSERT (a prepare and a regular expression per message); nothing here reads the keys.
        config.setGetGeneratedKeys(false);
        Connection connection = DriverManager.getConnection(url, config.toProperties());
        WalCheckpointer checkpointer = null;
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // NORMAL in WAL mode: a commit survives the process being killed (not a power cut).
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                if (file != null) {
                    s.execute("PRAGMA wal_autocheckpoint=" + WalCheckpointer.WRITER_CHECKPOINT_PAGES);
                }
            }
            if (file != null) {
                checkpointer = WalCheckpointer.start(url, config.toProperties(), file.toString());
            }
            connection.setAutoCommit(false);
            return new MessageTable(connection, checkpointer);
        } catch (SQLException | RuntimeException e) {
            if (checkpointer != null) {
                checkpointer.close();
            }
            connection.close();
            throw e;
        }
    }

    /** The thread that checkpoints the log of a history in a file; null in memory. */
    WalCheckpointer checkpointer() {
        return checkpointer;
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

    /** The number identifying this history; a new one when the history is created anew. */
    long epoch() {
        return epoch;
    }

    /**
     * Inserts a message unless its sender stored the same id in that room before.
     *
     * @return true if inserted, false if it was there already
     */
    boolean insert(String room, long sequence, String sender, String senderKey, long messageId, long timestampMicros,
                   String body, long storedAtMicros) throws SQLException {
        insert.setString(1, room);
        insert.setLong(2, sequence);
        insert.setString(3, sender);
        insert.setLong(4, messageId);
        insert.setLong(5, timestampMicros);
        insert.setString(6, body);
        insert.setLong(7, storedAtMicros);
        insert.setString(8, senderKey);
        return insert.executeUpdate() == 1;
    }

    /** The sequence under which {@code senderKey} stored {@code messageId} in {@code room}. */
    long existingSequence(String room, String senderKey, long messageId) throws SQLException {
        findExisting.setString(1, room);
        findExisting.setString(2, senderKey);
        findExisting.setLong(3, messageId);
        try (ResultSet r = findExisting.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("message " + messageId + " of " + senderKey + " was neither inserted nor found");
            }
            return r.getLong(1);
        }
    }

    /** The room's last sequence (0 for a room with nothing stored). */
    long lastSequence(String room) throws SQLException {
        lastSequenceOfRoom.setString(1, room);
        try (ResultSet r = lastSequenceOfRoom.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Deletes the room's messages up to {@code sequence}. */
    void deleteUpTo(String room, long sequence) throws SQLException {
        deleteUpTo.setString(1, room);
        deleteUpTo.setLong(2, sequence);
        deleteUpTo.executeUpdate();
    }

    /** Deletes every message stored before {@code cutoffMicros}; returns how many. */
    int deleteStoredBefore(long cutoffMicros) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM messages WHERE stored_at < ?")) {
            p.setLong(1, cutoffMicros);
            return p.executeUpdate();
        }
    }

    /** How many messages the room holds after {@code after}. */
    long countAfter(String room, long after) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM messages WHERE room = ? AND seq > ?")) {
            count.setString(1, room);
            count.setLong(2, after);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The sequence of the room's {@code n}-th newest message (n >= 1), or 0. */
    long nthNewestSequence(String room, long n) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT seq FROM messages WHERE room = ? "
                + "ORDER BY seq DESC LIMIT 1 OFFSET ?")) {
            p.setString(1, room);
            p.setLong(2, n - 1);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /**
     * Reads the room's messages after {@code after}, oldest first, at most {@code limit} of them,
     * one at a time while {@code take} accepts them (false stops the read: nothing more is loaded).
     */
    void readAfter(String room, long after, long limit, Predicate<StoredMessage> take) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT seq, sender, message_id, ts, body FROM messages "
                + "WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            p.setString(1, room);
            p.setLong(2, after);
            p.setLong(3, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (!take.test(new StoredMessage(room, r.getLong(1), r.getString(2), r.getLong(3), r.getLong(4),
                            r.getString(5)))) {
                        return;
                    }
                }
            }
        }
    }

    void commit() throws SQLException {
        db.commit();
    }

    void rollback() throws SQLException {
        db.rollback();
    }

    @Override
    public void close() throws SQLException {
        if (checkpointer != null) {
            checkpointer.close();
        }
        for (PreparedStatement statement : new PreparedStatement[] {insert, findExisting, lastSequenceOfRoom, deleteUpTo}) {
            statement.close();
        }
        db.close();
    }
}
