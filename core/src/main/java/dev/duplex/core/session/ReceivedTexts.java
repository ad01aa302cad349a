package dev.duplex.core.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a session has already shown, so that a message replayed or resent after a reconnect is
 * shown once: by room sequence where the relay numbers messages, by (sender, message id) in direct
 * mode (a bounded memory of recent ids). Confined to the session's event loop.
 */
final class ReceivedTexts {
    private static final int RECENT_IDS = 4096;

    private long historyEpoch;
    private long lastSequence;
    private final Map<String, Boolean> recentIds = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    };

    /** Adopts the relay's history epoch; a different one than before makes old sequence numbers void. */
    void onWelcome(long epoch) {
        if (epoch != historyEpoch) {
            lastSequence = 0;
            historyEpoch = epoch;
            recentIds.clear();
        }
    }

    /** True once a relay with a history has welcomed this session (a resume position exists). */
    boolean canResume() {
        return historyEpoch != 0;
    }

    /** The highest room sequence seen (0 before any). */
    long lastSequence() {
        return lastSequence;
    }

    /** Records a sequence number from an ACK of one's own message. */
    void sawSequence(long sequence) {
        lastSequence = Math.max(lastSequence, sequence);
    }

    /**
     * True if the text is new (and remembers it), false if it was shown already: by room sequence
     * where there is one; by (sender, message id) where there is none (direct mode, or a relay of a
     * cluster that forwards texts to its own members before it can store them). Such a text comes
     * again later with its sequence: that one is not shown again either. Only texts first seen
     * without a sequence count so: a sequenced text is never dropped for its id alone (someone else
     * may use the nickname and the same ids).
     */
    boolean firstTime(long roomSequence, String sender, long messageId) {
        String id = sender + '\u0000' + messageId;
        if (roomSequence > 0) {
            if (roomSequence <= lastSequence) {
                return false;
            }
            lastSequence = roomSequence;
            return recentIds.remove(id) == null;
        }
        return recentIds.put(id, Boolean.TRUE) == null;
    }
}
