package dev.duplex.core.internal.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the history's write-ahead log into its database file from a thread and a connection of its
 * own, every {@link #INTERVAL_MILLIS} ms (a PASSIVE checkpoint: it never blocks the writer). SQLite's
 * automatic checkpoint runs in the transaction that fills the log, on the writer thread, and takes its
 * fsyncs with it: the chat benchmark saw the writer stop for 2 to 7 ms about 15 times a second at a
 * quarter of its load, and every message of those moments waited. The writer still checkpoints by
 * itself once the log holds {@link #WRITER_CHECKPOINT_PAGES}: the bound of the log if this thread
 * falls behind.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    /** How often the log is copied (100 ms). */
    static final long INTERVAL_MILLIS = 100;
    /** Log pages (of 4 KiB) at which the writer checkpoints itself: 10 000, about 40 MiB. */
    static final int WRITER_CHECKPOINT_PAGES = 10_000;

    private final Connection db;
    private final String description;
    private final Thread thread;
    private final AtomicLong checkpoints = new AtomicLong();
    private volatile boolean closing;

    private WalCheckpointer(Connection db, String description) {
        this.db = db;
        this.description = description;
        this.thread = new Thread(this::run, "duplex-history-checkpoint");
        this.thread.setDaemon(true);
    }

    /** Opens its own connection to {@code url} (with {@code properties}) and starts its thread. */
    static WalCheckpointer start(String url, Properties properties, String description) throws SQLException {
        Connection db = DriverManager.getConnection(url, properties);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=5000");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        WalCheckpointer checkpointer = new WalCheckpointer(db, description);
        checkpointer.thread.start();
        return checkpointer;
    }

    /** Checkpoints run so far (for tests). */
    long checkpoints() {
        return checkpoints.get();
    }

    private void run() {
        while (!closing) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return; // close()
            }
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                checkpoints.incrementAndGet();
            } catch (SQLException e) {
                log.warn("Checkpoint of {} failed (the writer checkpoints itself at {} pages of log)", description,
                        WRITER_CHECKPOINT_PAGES, e);
            }
        }
    }

    /** Stops the thread (after a checkpoint in progress) and closes its connection. */
    @Override
    public void close() throws SQLException {
        closing = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
