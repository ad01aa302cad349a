package dev.duplex.core.relay;

import dev.duplex.core.internal.engine.RelayEngine;
import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.history.SqliteEngine;
import dev.duplex.core.internal.transport.BatchLimits;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.ChannelHandler;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * What a relay's members share, whatever carries their frames: the rooms, the engine behind them
 * (the history, and in a cluster the other nodes), the limits and the counters. The member logic
 * ({@link RelayMemberHandler}, {@link HistoryReplay}) needs only this, not the server around it: any
 * pipeline that turns a connection's bytes into duplex frames and back (the framing over TCP now, a
 * WebSocket gateway's messages next) can put a member on top ({@link #newMember()}).
 */
final class RelayCore implements AutoCloseable {
    private final TransportConfig config;
    private final HistoryConfig historyConfig;
    private final Rooms rooms;
    private final RelayCounters counters = new RelayCounters();
    private final RelayEngine engine;

    /**
     * The single-node relay: opens the history ({@code historyFile}, or memory when null).
     *
     * @throws dev.duplex.core.DuplexException if the history cannot be opened
     */
    RelayCore(TransportConfig config, HistoryConfig historyConfig, Rooms rooms, Path historyFile, BatchLimits limits) {
        this(config, historyConfig, rooms, historyFile, limits, Runnable::run);
    }

    /**
     * @param handOff runs each submit of the history writer's batch, on the writer thread: at once in
     *                a relay; tests hold the writer there so that it touches channels only when they let it
     */
    RelayCore(TransportConfig config, HistoryConfig historyConfig, Rooms rooms, Path historyFile, BatchLimits limits,
              Executor handOff) {
        this(config, historyConfig, rooms, new SqliteEngine(historyFile, historyConfig, limits, handOff));
    }

    /** A relay on {@code engine} (not started yet: this starts it). */
    RelayCore(TransportConfig config, HistoryConfig historyConfig, Rooms rooms, RelayEngine engine) {
        this.config = config;
        this.historyConfig = historyConfig;
        this.rooms = rooms;
        this.engine = engine;
        engine.start(new LocalDelivery(rooms, counters, config.allocator()));
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

    RelayEngine engine() {
        return engine;
    }

    /** The single-node engine's store (for tests in this package); fails on another engine. */
    MessageStore store() {
        if (engine instanceof SqliteEngine sqlite) {
            return sqlite.store();
        }
        throw new IllegalStateException("This relay keeps its history in its cluster, not in SQLite.");
    }

    /**
     * The writes of the engine's callbacks: only on its callback thread (they are sent after each run
     * of callbacks), which is checked.
     */
    WriteBatch historyWrites() {
        return engine.callbackWrites();
    }

    /** Finishes what the engine has queued and closes it. */
    @Override
    public void close() {
        engine.close();
    }
}
