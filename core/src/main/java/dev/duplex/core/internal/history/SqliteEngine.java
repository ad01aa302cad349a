package dev.duplex.core.internal.history;

import dev.duplex.core.internal.engine.EngineEvents;
import dev.duplex.core.relay.cluster.ClusterStats;
import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.internal.engine.RelayEngine;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.transport.BatchLimits;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The single-node engine, the relay's default: the history in SQLite ({@link MessageStore}, its
 * writer thread is the callback thread), the rooms of this process only. A nickname is claimed by
 * the relay's own room list, and media has nowhere else to go.
 */
public final class SqliteEngine implements RelayEngine {
    private final MessageStore store;
    /** What the history writer's callbacks write (ACKs, fan-outs, replays), sent once per batch. */
    private final WriteBatch writes;
    private volatile EngineEvents events;

    /**
     * Opens the history ({@code file}, or memory when null).
     *
     * @param handOff runs each submit of the writer's batch, on the writer thread: at once in a
     *                relay; tests hold the writer there so that it touches channels only when they let it
     * @throws dev.duplex.core.DuplexException if the history cannot be opened
     */
    public SqliteEngine(Path file, HistoryConfig config, BatchLimits limits, Executor handOff) {
        this.writes = new WriteBatch(limits);
        this.store = MessageStore.open(file, config, () -> {
            if (writes.size() > 0) {
                handOff.execute(writes::submit);
            }
        });
    }

    /** The store itself (for tools and tests). */
    public MessageStore store() {
        return store;
    }

    @Override
    public void start(EngineEvents value) {
        this.events = value;
    }

    @Override
    public boolean append(String room, String sender, String senderKey, long messageId, long timestampMicros,
                          String body, Consumer<MessageStore.Appended> onStored, Consumer<Throwable> onFailure) {
        return store.append(room, sender, senderKey, messageId, timestampMicros, body, stored -> {
            onStored.accept(stored);
            if (!stored.duplicate()) {
                events.stored(new StoredMessage(room, stored.sequence(), sender, messageId, timestampMicros, body),
                        false, writes);
            }
        }, onFailure);
    }

    @Override
    public boolean replay(String room, long afterSequence, long joinedAt, int maxMessages, int maxBytes,
                          Consumer<MessageStore.ReplayPage> then) {
        // The store's one thread reads the replay right after the appends requested before the join:
        // its recent window ends where the room was then.
        return store.replay(room, afterSequence, maxMessages, maxBytes, then);
    }

    @Override
    public boolean replayPage(String room, long afterSequence, int maxMessages, int maxBytes,
                              Consumer<MessageStore.ReplayPage> then) {
        return store.replayPage(room, afterSequence, maxMessages, maxBytes, then);
    }

    @Override
    public WriteBatch callbackWrites() {
        assert store.onWriterThread() : "callbackWrites() used on " + Thread.currentThread().getName()
                + ", not on the history writer thread";
        return writes;
    }

    @Override
    public boolean onCallbackThread() {
        return store.onWriterThread();
    }

    /** Every claim is this process's to decide: its room list does (the whole room is here). */
    @Override
    public void claim(PresenceClaim claim, Consumer<PresenceClaim.Result> then) {
        then.accept(new PresenceClaim.Result(PresenceClaim.Outcome.JOINED, store.epoch(), null, null, -1));
    }

    @Override
    public void release(PresenceClaim claim) {
        // Nobody else to tell.
    }

    @Override
    public void publishMedia(String room, EncodedFrame frame) {
        // No other node.
    }

    @Override
    public List<StoredMessage> messages(String room) {
        return store.messages(room);
    }

    @Override
    public ClusterStats stats() {
        return ClusterStats.NONE;
    }

    @Override
    public void close() {
        store.close();
    }
}
