package dev.duplex.core.relay;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.ChannelHandler;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * What a relay's members share, whatever carries their frames: the rooms, the history and the batch
 * of writes its writer thread makes, the limits and the counters. The member logic
 * ({@link RelayMemberHandler}, {@link HistoryReplay}) needs only this, not the server around it: any
 * pipeline that turns a connection's bytes into duplex frames and back (the framing over TCP now, a
 * WebSocket gateway's messages next) can put a member on top ({@link #newMember()}).
 */
final class RelayCore implements AutoCloseable {
    private final TransportConfig config;
    private final HistoryConfig historyConfig;
    private final Rooms rooms;
    private final RelayCounters counters = new RelayCounters();
    /** What the history writer's callbacks write (ACKs, fan-outs, replays), sent once per batch. */
    private final WriteBatch historyWrites;
    private final MessageStore store;

    /**
     * Opens the history ({@code historyFile}, or memory when null).
     *
     * @throws dev.duplex.core.DuplexException if the history cannot be opened
     */
    RelayCore(TransportConfig config, HistoryConfig historyConfig, Rooms rooms, Path historyFile, int maxBatchedWrites,
              int writesPerFlush) {
        this(config, historyConfig, rooms, historyFile, maxBatchedWrites, writesPerFlush, Runnable::run);
    }

    /**
     * @param handOff runs each submit of the history writer's batch, on the writer thread: at once in
     *                a relay; tests hold the writer there so that it touches channels only when they let it
     */
    RelayCore(TransportConfig config, HistoryConfig historyConfig, Rooms rooms, Path historyFile, int maxBatchedWrites,
              int writesPerFlush, Executor handOff) {
        this.config = config;
        this.historyConfig = historyConfig;
        this.rooms = rooms;
        this.historyWrites = new WriteBatch(maxBatchedWrites, writesPerFlush);
        this.store = MessageStore.open(historyFile, historyConfig, () -> {
            if (historyWrites.size() > 0) {
                handOff.execute(historyWrites::submit);
            }
        });
    }

    /** The session layer of one more member connection (one per channel: it holds that member's state). */
    ChannelHandler newMember() {
        return new RelayMemberHandler(this);
    }

    TransportConfig config() {
        return config;
    }

    HistoryConfig historyConfig() {
        return historyConfig;
    }

    Rooms rooms() {
        return rooms;
    }

    RelayCounters counters() {
        return counters;
    }

    MessageStore store() {
        return store;
    }

    /**
     * The writes of the history writer's callbacks: only on that thread (they are sent after its
     * batch), which is checked.
     */
    WriteBatch historyWrites() {
        assert store.onWriterThread() : "historyWrites() used on " + Thread.currentThread().getName()
                + ", not on the history writer thread";
        return historyWrites;
    }

    /** Finishes what the history writer has queued and closes the history. */
    @Override
    public void close() {
        store.close();
    }
}
