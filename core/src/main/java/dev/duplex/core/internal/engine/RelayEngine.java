package dev.duplex.core.internal.engine;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.cluster.ClusterStats;
import dev.duplex.core.relay.history.StoredMessage;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the relay's member logic asks of the engine behind it: the order and the history of each
 * room's texts, who is in a room, and where media goes besides the local members. The single-node
 * engine answers from SQLite and this process alone; the cluster engine from Redis, shared by every
 * relay node.
 * <p>
 * Text callbacks ({@code onStored}, replay pages, {@link EngineEvents#stored}) run on the engine's
 * one callback thread ({@link #onCallbackThread()}), in room order, and may write through
 * {@link #callbackWrites()}; the engine submits those writes after each run of callbacks. None of
 * the methods blocks: they queue work (bounded) and return.
 */
public interface RelayEngine extends AutoCloseable {

    /** Starts the engine; from here on it reports to {@code events}. Called once, before any other method. */
    void start(EngineEvents events);

    /**
     * Stores a text unless the same sender already stored the same id in that room. {@code onStored}
     * runs once it is stored (the ACK may follow), then the stored message reaches
     * {@link EngineEvents#stored} (unless it was a duplicate), in room order with every other.
     *
     * @param senderKey who the sender is for the duplicate check (its session, never its nickname)
     * @return false if the engine is overloaded: nothing was stored
     */
    boolean append(String room, String sender, String senderKey, long messageId, long timestampMicros, String body,
                   Consumer<MessageStore.Appended> onStored, Consumer<Throwable> onFailure);

    /**
     * The first page of a joining member's replay (see {@link MessageStore#replay}); false if
     * overloaded. {@code joinedAt} is the claim's {@link PresenceClaim.Result#position}: the newest
     * messages a member is given of what it missed are counted back from there, and everything after
     * it (said after the member joined) is replayed whole.
     */
    boolean replay(String room, long afterSequence, long joinedAt, int maxMessages, int maxBytes,
                   Consumer<MessageStore.ReplayPage> then);

    /** The next page of a replay (see {@link MessageStore#replayPage}); false if overloaded. */
    boolean replayPage(String room, long afterSequence, int maxMessages, int maxBytes,
                       Consumer<MessageStore.ReplayPage> then);

    /** The writes of the callbacks, sent after each run of them: only on the callback thread. */
    WriteBatch callbackWrites();

    /** True on the thread where text callbacks run. */
    boolean onCallbackThread();

    /**
     * Claims {@code claim}'s nickname in its room for this node (atomically across every node);
     * {@code then} gets the answer, on any thread.
     */
    void claim(PresenceClaim claim, Consumer<PresenceClaim.Result> then);

    /**
     * The member that claimed {@code claim} has left this node (its connection closed); the others
     * hear of it. Nothing happens if its claim was taken over since.
     */
    void release(PresenceClaim claim);

    /**
     * Offers a media frame that was fanned out to the local members to the members on other nodes;
     * the caller keeps its reference. Dropped (and counted) when the way to them is full.
     */
    void publishMedia(String room, EncodedFrame frame);

    /** Every stored message of a room, oldest first (for tools and tests; may wait). */
    List<StoredMessage> messages(String room);

    /** What the engine did, for the relay's stats. */
    ClusterStats stats();

    /** Stops the engine after the work it has queued. Idempotent. */
    @Override
    void close();
}
