package dev.duplex.core.internal.cluster;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The texts of a cluster node: each one stored by the append script (dedupe, room sequence, stream
 * entry, publication in one step) and acknowledged only then, once this node has forwarded the room
 * up to its sequence (an ACK is a position in the room); forwarded to this node's members only
 * as the room's channel brings it back ({@link RoomFeed}), so every node forwards a room in one
 * order; and replayed from the room's stream. At most {@code maxTextsInFlight} append scripts are
 * out at a time, the rest queue here, so a text's command timeout measures Redis and not the
 * node's own queue. While Redis is out of reach texts wait here in order (at most
 * {@code maxPendingTexts} with those queued and in flight) and reach this node's members at once,
 * with no room sequence; they are stored, acknowledged and sent to the other nodes when Redis is back.
 * A text whose append script got no answer may have been stored all the same (and forwarded here
 * with its sequence, from the room's channel): it waits in the order it was sent, and is not shown
 * before it is stored, so that nobody here gets it twice.
 * Confined to the engine's thread, except {@link #append}.
 */
final class ClusterTexts {
    /** A text on its way into Redis. {@code shown}: this node's members have it already. */
    private static final class Pending {
        final String room;
        final String sender;
        final String senderKey;
        final long messageId;
        final long timeMicros;
        final String body;
        final Consumer<MessageStore.Appended> onStored;
        boolean shown;
        /** Its place among the texts sent to Redis (the last time it was sent). */
        long order;

        Pending(String room, String sender, String senderKey, long messageId, long timeMicros, String body,
                Consumer<MessageStore.Appended> onStored) {
            this.room = room;
            this.sender = sender;
            this.senderKey = senderKey;
            this.messageId = messageId;
            this.timeMicros = timeMicros;
            this.body = body;
            this.onStored = onStored;
        }
    }

    private static final Comparator<Pending> BY_ORDER = Comparator.comparingLong(t -> t.order);

    private final RedisEngine engine;
    private final ClusterConfig config;
    private final HistoryConfig history;
    private final Map<String, RoomFeed> feeds = new HashMap<>();
    /**
     * Texts Redis did not take (it was out of reach), in order, to store once it is back. Bounded with
     * {@link #queued} and those in flight by {@code maxPendingTexts}: {@link #unacknowledged} counts
     * every text accepted and not answered, and {@code append} refuses one over the limit.
     */
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    /** Texts accepted and not sent to Redis yet: the in-flight window is full, or its failures are not all in. */
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    /** Append scripts sent and not answered (at most maxTextsInFlight). */
    private int inFlight;
    /** Texts whose append script failed while others were still out: held once all are answered. */
    private final List<Pending> unanswered = new ArrayList<>();
    /** Numbers texts as they are sent, so that those that failed are held in the order they were sent. */
    private long sent;
    /** Texts accepted and not acknowledged yet (in flight or held): bounded by maxPendingTexts. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private boolean flushing;
    /** What a flush asked for while another ran waits for: run when that one ends well. */
    private Runnable afterFlush;

    ClusterTexts(RedisEngine engine, ClusterConfig config, HistoryConfig history) {
        this.engine = engine;
        this.config = config;
        this.history = history;
    }

    /** Any thread: queues a text for the engine's thread; false if too many wait. */
    boolean append(String room, String sender, String senderKey, long messageId, long timeMicros, String body,
                   Consumer<MessageStore.Appended> onStored) {
        if (unacknowledged.incrementAndGet() > config.maxPendingTexts()) {
            unacknowledged.decrementAndGet();
            return false;
        }
        Pending text = new Pending(room, sender, senderKey, messageId, timeMicros, body, onStored);
        if (!engine.thread().offer(() -> submit(text))) {
            unacknowledged.decrementAndGet();
            return false;
        }
        return true;
    }

    private void submit(Pending text) {
        queued.add(text);
        pump();
    }

    /**
     * Sends queued texts to Redis while the window has room. Once a text failed, nothing more is sent
     * until every text in flight has its answer; then the failed ones are held, in the order they
     * were sent (a command refused at once answers before one sent earlier that times out), and
     * stored again before anything after them: by the recovery if Redis is still out of reach (the
     * queued texts are held behind them), at once if the node recovered meanwhile.
     */
    private void pump() {
        if (engine.healthy() && held.isEmpty() && unanswered.isEmpty() && !flushing) {
            while (inFlight < config.maxTextsInFlight() && !queued.isEmpty()) {
                Pending text = queued.poll();
                inFlight++;
                send(text, () -> unanswered.add(text), () -> {
                    inFlight--;
                    pump();
                });
            }
        } else if (inFlight == 0) {
            unanswered.sort(BY_ORDER);
            // Perhaps stored after all: shown once the room's channel or a catch-up brings it back.
            held.addAll(unanswered);
            unanswered.clear();
            if (engine.healthy()) {
                if (!flushing && !held.isEmpty()) {
                    flush(this::pump);
                }
                return; // what is queued goes after what is being stored
            }
            while (!queued.isEmpty()) {
                hold(queued.poll());
            }
        }
    }

    /** Keeps a text until Redis is back; this node's members get it now (without a room sequence). */
    private void hold(Pending text) {
        held.add(text);
        if (!text.shown) {
            text.shown = true;
            engine.events().stored(new StoredMessage(text.room, 0, text.sender, text.messageId, text.timeMicros,
                    text.body), true, engine.thread().writes());
        }
    }

    /**
     * The node is UP again: stores what waits (texts held while a flush that was already running
     * ended before the recovery's), then what is queued.
     */
    void resume() {
        pump();
    }

    /**
     * Numbers the text in the order sent (failures are held in that order), runs the append script
     * and acknowledges the text once it is stored; {@code failed} runs if Redis did not answer, then
     * {@code after} in either case (both on the engine's thread).
     */
    private void send(Pending text, Runnable failed, Runnable after) {
        text.order = sent++;
        Script.APPEND.run(engine.link(), new byte[][] {Keys.meta(text.room), Keys.stream(text.room),
                Keys.dedupe(text.senderKey, text.messageId, text.room), Keys.textChannel(text.room)},
                Script.bytes(engine.newEpoch()), Script.bytes(history.maxMessagesPerRoom()),
                Script.bytes(history.maxAge().toMillis()), Script.bytes(config.dedupeTtl().toSeconds()),
                Script.bytes(text.messageId), Script.bytes(text.timeMicros), Script.bytes(text.sender),
                Script.bytes(text.body), Script.bytes(engine.nodeId()), Script.bytes(text.shown ? "1" : "0"))
                .whenComplete((reply, failure) -> engine.thread().execute(() -> {
                    if (failure != null) {
                        engine.lost(failure);
                        failed.run();
                    } else {
                        unacknowledged.decrementAndGet();
                        MessageStore.Appended stored = new MessageStore.Appended(Script.number(reply.get(0)),
                                Script.number(reply.get(1)) == 1);
                        RoomFeed feed = feeds.get(text.room);
                        if (feed == null) {
                            text.onStored.accept(stored);
                        } else {
                            feed.afterDelivered(stored.sequence(), () -> text.onStored.accept(stored));
                        }
                    }
                    after.run();
                }));
    }

    /**
     * Redis is back: stores what was held, in order and a window at a time (texts held meanwhile
     * after them), then runs {@code done}. If Redis is lost again, what was not stored is held again,
     * first, and {@code done} does not run. Called while a flush runs (a recovery that began before
     * the last one's commands all answered), it leaves that one to store everything and runs
     * {@code done} when it ends well.
     */
    void flush(Runnable done) {
        if (flushing) {
            afterFlush = done;
            return;
        }
        flushing = true;
        flushNext(done);
    }

    private void flushNext(Runnable done) {
        if (held.isEmpty()) {
            flushing = false;
            Runnable also = afterFlush;
            afterFlush = null;
            done.run();
            if (also != null) {
                also.run();
            }
            return;
        }
        // A window's worth at a time, like the texts of a healthy node.
        List<Pending> batch = new ArrayList<>();
        while (batch.size() < config.maxTextsInFlight() && !held.isEmpty()) {
            batch.add(held.poll());
        }
        int[] answered = {0};
        List<Pending> failed = new ArrayList<>();
        for (Pending text : batch) {
            send(text, () -> failed.add(text), () -> {
                if (++answered[0] < batch.size()) {
                    return;
                }
                if (failed.isEmpty()) {
                    flushNext(done);
                    return;
                }
                failed.sort(BY_ORDER); // a refusal answers before an earlier command's timeout
                for (int i = failed.size() - 1; i >= 0; i--) {
                    held.addFirst(failed.get(i));
                }
                flushing = false;
                afterFlush = null; // Redis was lost again: the next recovery flushes anew
            });
        }
    }

    /** Texts waiting for Redis now (held, not in flight). */
    int held() {
        return held.size();
    }

    // ---- the rooms' feeds ----

    /** The room's feed, made (and its channels subscribed) on first use. */
    RoomFeed feed(String room) {
        RoomFeed feed = feeds.get(room);
        if (feed == null) {
            feed = new RoomFeed(room, this::readAfter, new RoomFeed.Sink() {
                @Override
                public void deliver(String r, News.Text text) {
                    forward(r, text);
                }

                @Override
                public void reset(String r) {
                    engine.events().historyReset(r);
                }
            });
            feeds.put(room, feed);
            engine.subscribe(room, feed);
        }
        return feed;
    }

    RoomFeed existingFeed(String room) {
        return feeds.get(room);
    }

    Map<String, RoomFeed> feeds() {
        return feeds;
    }

    /** A stored text of a room with a feed here: to this node's members, unless they had it already. */
    void received(String room, News.Text text) {
        RoomFeed feed = feeds.get(room);
        if (feed != null) {
            feed.offer(text);
        }
    }

    private void forward(String room, News.Text text) {
        if (text.shownByOrigin() && text.origin().equals(engine.nodeId())) {
            return; // shown here while Redis was away, with no sequence
        }
        engine.events().stored(new StoredMessage(room, text.sequence(), text.sender(), text.messageId(),
                text.timeMicros(), text.body()), false, engine.thread().writes());
    }

    /** Reads what a feed missed (a later page, no byte limit beyond Redis' reply). */
    private void readAfter(String room, long after, int count, Consumer<RoomFeed.Page> then, Runnable failed) {
        runPage(room, after, -1, -1, count, Integer.MAX_VALUE, reply -> {
            List<News.Text> texts = new ArrayList<>();
            long epoch = Script.number(reply.get(1));
            for (int i = 4; i + 6 < reply.size(); i += 7) {
                texts.add(new News.Text(epoch, Script.number(reply.get(i)), Script.number(reply.get(i + 1)),
                        Script.number(reply.get(i + 2)), Script.text(reply.get(i + 5)),
                        "1".equals(Script.text(reply.get(i + 6))), Script.text(reply.get(i + 3)),
                        Script.text(reply.get(i + 4))));
            }
            then.accept(new RoomFeed.Page(texts, Script.number(reply.get(0))));
        }, failed);
    }

    // ---- replays ----

    /**
     * A page of a member's replay: the first ({@code keep >= 0}: only the newest {@code keep} of those
     * missed up to {@code joinedAt}, where the room was when the member joined, and all after it; -1:
     * up to where the room is now) or a later one. A page that reaches the end of the stream is complete only if this
     * node has not forwarded anything after it meanwhile; otherwise the member asks again, so that
     * it never misses what went out while it was being replayed. A page that cannot be read (Redis
     * out of reach) is read once Redis is back: the member is not live until its replay is whole,
     * and what this node forwarded meanwhile reached it only through the replay.
     */
    void replay(String room, long after, int keep, boolean reportSkipped, long joinedAt, int maxMessages, int maxBytes,
                Consumer<MessageStore.ReplayPage> then) {
        long from = Math.max(0, after);
        Runnable later = () -> engine.whenUp(() -> replay(room, after, keep, reportSkipped, joinedAt, maxMessages,
                maxBytes, then));
        if (!engine.healthy()) {
            later.run();
            return;
        }
        runPage(room, from, keep, joinedAt, maxMessages, maxBytes, reply -> {
            List<StoredMessage> messages = new ArrayList<>();
            for (int i = 4; i + 6 < reply.size(); i += 7) {
                messages.add(new StoredMessage(room, Script.number(reply.get(i)), Script.text(reply.get(i + 3)),
                        Script.number(reply.get(i + 1)), Script.number(reply.get(i + 2)), Script.text(reply.get(i + 4))));
            }
            long last = Script.number(reply.get(0));
            boolean more = Script.number(reply.get(3)) == 1;
            long pageLast = messages.isEmpty() ? from : messages.get(messages.size() - 1).sequence();
            RoomFeed feed = feeds.get(room);
            boolean behind = feed != null && feed.delivered() > Math.max(last, pageLast);
            boolean complete = !more && !behind;
            then.accept(new MessageStore.ReplayPage(messages, reportSkipped ? Script.number(reply.get(2)) : 0, complete,
                    complete ? Math.max(last, pageLast) : pageLast));
        }, later);
    }

    private void runPage(String room, long after, int keep, long joinedAt, int maxMessages, int maxBytes,
                         Consumer<List<Object>> then, Runnable failed) {
        // Lua numbers are doubles: a resume position past 2^52 is past any room's end anyway.
        long from = Math.min(after, 1L << 52);
        Script.PAGE.run(engine.link(), new byte[][] {Keys.meta(room), Keys.stream(room)},
                Script.bytes(from), Script.bytes(keep), Script.bytes(maxMessages), Script.bytes(maxBytes),
                Script.bytes(Math.min(joinedAt, 1L << 52)))
                .whenComplete((reply, failure) -> engine.thread().execute(() -> {
                    if (failure != null) {
                        engine.lost(failure);
                        failed.run();
                    } else {
                        then.accept(reply);
                    }
                }));
    }

    /** Every stored message of a room, in order (for tools and tests: waits for Redis on the caller's thread). */
    List<StoredMessage> all(String room) {
        List<StoredMessage> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Object> reply;
            try {
                reply = Script.PAGE.run(engine.link(), new byte[][] {Keys.meta(room), Keys.stream(room)},
                        Script.bytes(after), Script.bytes(-1), Script.bytes(10_000), Script.bytes(Integer.MAX_VALUE))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot read room " + room + " from Redis: " + e.getMessage(), e);
            }
            for (int i = 4; i + 6 < reply.size(); i += 7) {
                out.add(new StoredMessage(room, Script.number(reply.get(i)), Script.text(reply.get(i + 3)),
                        Script.number(reply.get(i + 1)), Script.number(reply.get(i + 2)), Script.text(reply.get(i + 4))));
                after = Script.number(reply.get(i));
            }
            if (Script.number(reply.get(3)) == 0) {
                return out;
            }
        }
    }
}
