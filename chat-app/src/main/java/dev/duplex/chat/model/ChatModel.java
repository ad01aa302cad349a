package dev.duplex.chat.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a chat shows, without any Swing: the conversation (at most {@code maxEntries}, oldest
 * dropped first), the participants and the connection status. Thread-safe: the controller changes
 * it from Netty's event loops and the input thread, views read {@link #snapshot()}s. Every change
 * is announced to the {@link ChatModelListener}s after the lock is released.
 */
public final class ChatModel {
    /** How many entries a model keeps unless told otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;

    private final int maxEntries;
    private final List<ChatModelListener> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this. Ids in entries are consecutive: entries.get(i).id() == firstId + i.
    private final ArrayList<ChatEntry> entries = new ArrayList<>();
    private long nextId = 1;
    private List<String> participants = List.of();
    private String self = "";
    private ConnectionStatus status = ConnectionStatus.OFFLINE;
    /** True after a replayed message, until the divider is in. */
    private boolean inHistory;

    /** A model keeping {@link #DEFAULT_MAX_ENTRIES} entries. */
    public ChatModel() {
        this(DEFAULT_MAX_ENTRIES);
    }

    /** A model keeping at most {@code maxEntries} entries, dropping the oldest beyond that. */
    public ChatModel(int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: > 0)");
        }
        this.maxEntries = maxEntries;
    }

    /** The most entries kept. */
    public int maxEntries() {
        return maxEntries;
    }

    public void addListener(ChatModelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ChatModelListener listener) {
        listeners.remove(listener);
    }

    /** The divider's text, between replayed history and live entries. */
    public static final String HISTORY_DIVIDER = "earlier messages above · new from here";

    /** Adds a message someone else wrote, live. */
    public ChatEntry addMessage(Instant time, String sender, String body) {
        return addMessage(time, sender, body, false);
    }

    /**
     * Adds a message someone else wrote.
     *
     * @param time     the message's own time stamp (when it was sent), not when it arrived
     * @param replayed true for the room's history replayed on joining: the first live entry after
     *                 replayed ones (or {@link #historyEnded()}) puts a {@link ChatEntry.Kind#DIVIDER} between
     */
    public ChatEntry addMessage(Instant time, String sender, String body, boolean replayed) {
        return add(ChatEntry.Kind.MESSAGE, time, sender, body, false, SendState.SENT, replayed);
    }

    /**
     * The replayed history is complete: if any was added since the last divider, the divider goes
     * in now rather than before the next live entry. Idempotent.
     */
    public void historyEnded() {
        boolean added;
        synchronized (this) {
            added = closeHistory();
        }
        if (added) {
            fireChanged();
        }
    }

    /** Adds one of your own messages, {@link SendState#PENDING} until {@link #markSent} or {@link #markFailed}. */
    public ChatEntry addOwnMessage(Instant time, String sender, String body) {
        return add(ChatEntry.Kind.MESSAGE, time, sender, body, true, SendState.PENDING, false);
    }

    /** Adds a notice: presence or connection news. */
    public ChatEntry addNotice(Instant time, String text) {
        return add(ChatEntry.Kind.NOTICE, time, "", text, false, SendState.SENT, false);
    }

    /** Adds an error sentence. */
    public ChatEntry addError(Instant time, String sentence) {
        return add(ChatEntry.Kind.ERROR, time, "", sentence, false, SendState.SENT, false);
    }

    /** Marks an own message acknowledged; false if it is no longer kept. */
    public boolean markSent(long id) {
        return update(id, SendState.SENT, "");
    }

    /** Marks an own message as not sent, saying why; false if it is no longer kept. */
    public boolean markFailed(long id, String why) {
        return update(id, SendState.FAILED, Objects.requireNonNull(why, "why"));
    }

    /** Sets who is present, and which of them is you. */
    public void setParticipants(String selfNickname, Collection<String> nicknames) {
        List<String> sorted = nicknames.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
        synchronized (this) {
            self = Objects.requireNonNull(selfNickname, "selfNickname");
            participants = sorted;
        }
        fireChanged();
    }

    public void setStatus(ConnectionStatus value) {
        Objects.requireNonNull(value, "value");
        synchronized (this) {
            if (value.equals(status)) {
                return;
            }
            status = value;
        }
        fireChanged();
    }

    /** Updates the round-trip time of the current status (whatever its state). */
    public void setRtt(long rttMicros) {
        synchronized (this) {
            if (status.rttMicros() == rttMicros) {
                return;
            }
            status = status.withRtt(rttMicros);
        }
        fireChanged();
    }

    public synchronized ConnectionStatus status() {
        return status;
    }

    /** The entry with this id, if still kept. */
    public synchronized Optional<ChatEntry> entry(long id) {
        int index = indexOf(id);
        return index < 0 ? Optional.empty() : Optional.of(entries.get(index));
    }

    /** The kept entries with an id greater than {@code id}, oldest first. */
    public synchronized List<ChatEntry> entriesAfter(long id) {
        if (entries.isEmpty()) {
            return List.of();
        }
        long first = entries.get(0).id();
        int from = (int) Math.max(0, Math.min(entries.size(), id + 1 - first));
        return List.copyOf(entries.subList(from, entries.size()));
    }

    public synchronized ChatSnapshot snapshot() {
        return new ChatSnapshot(entries, participants, self, status);
    }

    private ChatEntry add(ChatEntry.Kind kind, Instant time, String sender, String body, boolean own,
                          SendState state, boolean replayed) {
        ChatEntry entry;
        synchronized (this) {
            if (!replayed) {
                closeHistory();
            }
            inHistory |= replayed;
            entry = append(new ChatEntry(nextId++, kind, time, sender, body, own, state, ""));
        }
        fireChanged();
        return entry;
    }

    /** Guarded by this: the divider after replayed history, if some came since the last one. */
    private boolean closeHistory() {
        if (!inHistory) {
            return false;
        }
        inHistory = false;
        append(new ChatEntry(nextId++, ChatEntry.Kind.DIVIDER, lastTime(), "", HISTORY_DIVIDER, false,
                SendState.SENT, ""));
        return true;
    }

    private Instant lastTime() {
        return entries.isEmpty() ? Instant.EPOCH : entries.get(entries.size() - 1).time();
    }

    /** Guarded by this. */
    private ChatEntry append(ChatEntry entry) {
        entries.add(entry);
        int excess = entries.size() - maxEntries;
        if (excess > 0) {
            entries.subList(0, excess).clear();
        }
        return entry;
    }

    private boolean update(long id, SendState state, String why) {
        synchronized (this) {
            int index = indexOf(id);
            if (index < 0) {
                return false;
            }
            ChatEntry entry = entries.get(index);
            if (!entry.own() || entry.sendState() != SendState.PENDING) {
                return false;
            }
            entries.set(index, entry.withSendState(state, why));
        }
        fireChanged();
        return true;
    }

    private int indexOf(long id) {
        if (entries.isEmpty()) {
            return -1;
        }
        long index = id - entries.get(0).id();
        return index < 0 || index >= entries.size() ? -1 : (int) index;
    }

    private void fireChanged() {
        for (ChatModelListener listener : listeners) {
            listener.chatChanged(this);
        }
    }
}
