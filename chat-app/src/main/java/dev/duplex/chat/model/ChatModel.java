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

    /** Adds a message someone else wrote. */
    public ChatEntry addMessage(Instant time, String sender, String body) {
        return add(ChatEntry.Kind.MESSAGE, time, sender, body, false, SendState.SENT);
    }

    /** Adds one of your own messages, {@link SendState#PENDING} until {@link #markSent} or {@link #markFailed}. */
    public ChatEntry addOwnMessage(Instant time, String sender, String body) {
        return add(ChatEntry.Kind.MESSAGE, time, sender, body, true, SendState.PENDING);
    }

    /** Adds a notice: presence or connection news. */
    public ChatEntry addNotice(Instant time, String text) {
        return add(ChatEntry.Kind.NOTICE, time, "", text, false, SendState.SENT);
    }

    /** Adds an error sentence. */
    public ChatEntry addError(Instant time, String sentence) {
        return add(ChatEntry.Kind.ERROR, time, "", sentence, false, SendState.SENT);
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
                          SendState state) {
        ChatEntry entry;
        synchronized (this) {
            entry = new ChatEntry(nextId++, kind, time, sender, body, own, state, "");
            entries.add(entry);
            int excess = entries.size() - maxEntries;
            if (excess > 0) {
                entries.subList(0, excess).clear();
            }
        }
        fireChanged();
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
