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
     * True if the text is new (and remembers it), false if it was shown already: by room sequence,
     * and by (sender, message id) too, since a relay cut off from its cluster forwards texts to its
     * own members before they are stored (sequence 0) and the same texts come again later with their
     * sequence.
     */
    boolean firstTime(long roomSequence, String sender, long messageId) {
        if (roomSequence > 0) {
            if (roomSequence <= lastSequence) {
                return false;
            }
            lastSequence = roomSequence;
        }
        return recentIds.put(sender + '\u0000' + messageId, Boolean.TRUE) == null;
    }
}
