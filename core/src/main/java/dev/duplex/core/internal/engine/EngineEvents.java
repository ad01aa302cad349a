package dev.duplex.core.internal.engine;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.history.StoredMessage;

/**
 * What an engine hands back to the relay: the room's stored texts to forward to its local members,
 * in room order, and what other nodes' members did. Implemented by the relay.
 */
public interface EngineEvents {

    /**
     * A text stored in {@code message.room()} (by any node), in room order: forward it to the local
     * members, except its sender (by nickname key), through {@code writes}. On the callback thread.
     *
     * @param provisional true for a text stored nowhere yet (the cluster is out of reach): it goes
     *                    out without a room sequence (0) to this node's members only
     */
    void stored(StoredMessage message, boolean provisional, WriteBatch writes);

    /** A member on another node joined ({@code joined}) or left the room. Any thread. */
    void remotePresence(String room, String nickname, boolean joined);

    /** A media frame from another node's member; the relay takes the reference. Any thread. */
    void remoteMedia(String room, EncodedFrame frame);

    /**
     * The member {@code nicknameKey} of {@code room} with connection {@code connectionId} was taken over
     * by its own session on another node (BYE), or lost its nickname to another node's member while
     * this node was cut off from the others (ERROR NICKNAME_TAKEN): close it without telling the room
     * it left. Any thread.
     */
    void evicted(String room, String nicknameKey, String connectionId, boolean takenOver);

    /**
     * The room's history was created anew (the shared store lost it): the local members' room
     * sequences are void; they are asked to reconnect. Any thread.
     */
    void historyReset(String room);

    /** The engine lost ({@code degraded}) or regained its shared store; {@code notice} says so to people. Any thread. */
    void degraded(boolean degraded, String notice);
}
