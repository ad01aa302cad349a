package dev.duplex.core.internal.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's texts as this node forwards them: in sequence order, each once. What the room's channel
 * brings is forwarded when it is the next sequence; a gap (a message the channel lost, or the
 * node's subscription was down) is read back from the room's stream first, while later messages
 * wait (at most {@value #MAX_HELD}; one dropped there is in a later read anyway). A message of another
 * epoch means the history was lost and started anew. Confined to the engine's thread.
 */
final class RoomFeed {
    /** Messages held while a gap is read, at most. */
    static final int MAX_HELD = 4096;
    /** Messages read back per request. */
    static final int FILL_PAGE = 256;

    /** Reads a room's stored texts after a sequence (at most {@code count}); answers on the engine's thread. */
    interface Reader {
        void readAfter(String room, long after, int count, Consumer<Page> then, Runnable failed);
    }

    /** What a read found: the texts after the sequence asked for, and the room's last sequence then. */
    record Page(List<News.Text> texts, long last) {
    }

    /** Where the feed's texts go. */
    interface Sink {
        /** The next text of the room, in order. */
        void deliver(String room, News.Text text);

        /** The room's history started anew ({@code epoch}): what members here know of it is void. */
        void reset(String room);
    }

    private static final Logger log = LoggerFactory.getLogger(RoomFeed.class);

    private final String room;
    private final Reader reader;
    private final Sink sink;
    private long epoch;
    /** The last sequence forwarded; -1 until the feed knows where the room is ({@link #start}). */
    private long delivered = -1;
    private boolean filling;
    private final ArrayDeque<News.Text> held = new ArrayDeque<>();
    private long fills;
    /** What waits for the feed to reach a sequence (acknowledgements of this node's texts), by sequence. */
    private final TreeMap<Long, List<Runnable>> afterDelivered = new TreeMap<>();
    /** The subscription to the room's channel is confirmed; before, claims wait in {@code waiting}. */
    private boolean subscribed;
    private List<Runnable> waiting = new ArrayList<>();
    /** Heartbeats in a row this node had no member in the room. */
    int idleTicks;

    RoomFeed(String room, Reader reader, Sink sink) {
        this.room = room;
        this.reader = reader;
        this.sink = sink;
    }

    String room() {
        return room;
    }

    /** The last sequence forwarded (-1 before {@link #start}). */
    long delivered() {
        return delivered;
    }

    long epoch() {
        return epoch;
    }

    /** Times missed texts were read back. */
    long fills() {
        return fills;
    }

    /**
     * Runs {@code task} once this node has forwarded the room up to {@code sequence} (at once if it
     * has). An ACK goes out this way: its sequence tells the sender where it is in the room, so the
     * texts before it must have reached it first.
     */
    void afterDelivered(long sequence, Runnable task) {
        if (delivered >= sequence) {
            task.run();
        } else {
            afterDelivered.computeIfAbsent(sequence, s -> new ArrayList<>(1)).add(task);
        }
    }

    /** Runs what waited for the sequences forwarded so far. */
    private void advanced() {
        while (!afterDelivered.isEmpty() && afterDelivered.firstKey() <= delivered) {
            afterDelivered.pollFirstEntry().getValue().forEach(Runnable::run);
        }
    }

    /** The feed is given up: what waited for it runs now. */
    void abandon() {
        delivered = Long.MAX_VALUE;
        advanced();
    }

    /** Runs {@code task} once the room's channel is subscribed (at once if it is). */
    void whenSubscribed(Runnable task) {
        if (subscribed) {
            task.run();
        } else {
            waiting.add(task);
        }
    }

    /** The subscription is confirmed: run what waited. */
    void subscribed() {
        subscribed = true;
        List<Runnable> now = waiting;
        waiting = new ArrayList<>();
        now.forEach(Runnable::run);
    }

    /** True while claims wait for the subscription. */
    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /**
     * Where the room is, from a claim's answer (after the subscription, so anything later comes on
     * the channel): the first call sets the starting point; later ones only check the epoch.
     */
    void start(long roomEpoch, long last) {
        if (delivered < 0) {
            epoch = roomEpoch;
            delivered = last;
            advanced();
            drainHeld();
        } else {
            catchUp(roomEpoch, last);
        }
    }

    /** A text from the room's channel. */
    void offer(News.Text text) {
        if (delivered >= 0 && text.epoch() != epoch) {
            restart(text.epoch(), text.sequence() - 1);
        }
        if (delivered < 0 || filling) {
            hold(text);
        } else {
            accept(text);
        }
    }

    /** The room's position in Redis now (a heartbeat's check): read back anything missed. */
    void catchUp(long roomEpoch, long last) {
        if (delivered < 0) {
            return;
        }
        if (roomEpoch != epoch) {
            restart(roomEpoch, 0);
            fill();
        } else if (last > delivered && !filling) {
            fill();
        }
    }

    private void restart(long roomEpoch, long before) {
        sink.reset(room);
        epoch = roomEpoch;
        // What waited for the old history is let go: its members are asked to reconnect.
        delivered = Long.MAX_VALUE;
        advanced();
        delivered = Math.max(0, before);
        held.clear();
    }

    private void accept(News.Text text) {
        if (text.sequence() <= delivered) {
            return;
        }
        if (text.sequence() == delivered + 1) {
            delivered = text.sequence();
            sink.deliver(room, text);
            advanced();
            return;
        }
        hold(text);
        fill();
    }

    private void hold(News.Text text) {
        if (held.size() < MAX_HELD) {
            held.add(text);
        }
    }

    private void fill() {
        filling = true;
        fills++;
        reader.readAfter(room, delivered, FILL_PAGE, this::filled, () -> filling = false);
    }

    private void filled(Page page) {
        List<News.Text> texts = page.texts();
        for (News.Text text : texts) {
            if (text.sequence() > delivered) {
                // A jump over trimmed history is taken as it is: those messages are gone for everyone.
                skipped(delivered, text.sequence());
                delivered = text.sequence();
                sink.deliver(room, text);
            }
        }
        if (texts.size() < FILL_PAGE && page.last() > delivered) {
            // The stream's end, short of the room's position: the rest was trimmed before it was read.
            skipped(delivered, page.last() + 1);
            delivered = page.last();
        }
        advanced();
        if (texts.size() >= FILL_PAGE) {
            fill();
            return;
        }
        filling = false;
        drainHeld();
    }

    /** Says so when the messages between {@code from} and {@code to} (both excluded) are gone. */
    private void skipped(long from, long to) {
        if (from >= 0 && to > from + 1) {
            log.warn("Room {}: messages {} to {} were trimmed from Redis before this relay read them; its members "
                    + "here miss them (the room's history limits are smaller than what was said meanwhile)", room,
                    from + 1, to - 1);
        }
    }

    private void drainHeld() {
        while (!filling && delivered >= 0 && !held.isEmpty()) {
            accept(held.poll());
        }
    }
}
