package dev.duplex.core.internal.cluster;

import dev.duplex.core.internal.engine.EngineEvents;
import dev.duplex.core.relay.cluster.ClusterStats;
import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.internal.engine.RelayEngine;
import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.transport.BatchLimits;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster engine: relays that share one Redis serve every room together ({@link ClusterTexts},
 * {@link ClusterPresence}, {@link MediaBridge}). Its health decides what a text does: UP, it is
 * stored in Redis and then acknowledged; DEGRADED (Redis out of reach), it is held and shown to this
 * node's members only, who are told the room is degraded; RECOVERING, the node claims its members'
 * nicknames again, reads back what it missed and stores what it held, in order, then tells its members
 * it is back. All its state lives on one thread ({@link CallbackThread}), which also runs the heartbeat.
 */
public final class RedisEngine implements RelayEngine {
    private static final Logger log = LoggerFactory.getLogger(RedisEngine.class);
    static final String DEGRADED = "This relay lost its connection to the other relays: members on other relays do "
            + "not get your messages for now. Your messages are kept and acknowledged once stored, when it is back.";
    static final String RESTORED = "This relay is connected to the other relays again; what was said meanwhile has "
            + "been delivered.";
    private static final Runnable NOTHING = () -> { };
    /** Idle heartbeats after which the channels of a room with no member here are given up. */
    private static final int IDLE_TICKS = 2;

    private enum Health { UP, DEGRADED, RECOVERING }

    private final ClusterConfig config;
    private final HistoryConfig history;
    private final SecureRandom random = new SecureRandom();
    private final CallbackThread thread;
    private final ClusterTexts texts;
    private final ClusterPresence presence;
    private RedisLink link;
    private MediaBridge media;
    private volatile EngineEvents events;
    private volatile Health health = Health.UP;
    private long degradedEpisodes;
    /** Recoveries started: a step of an earlier one that answers late does nothing. */
    private long recoveries;
    /**
     * What waits for Redis to be UP again: replay pages that could not be read (at most one per
     * member being replayed, so bounded by the relay's connections).
     */
    private List<Runnable> whenUp = new ArrayList<>();
    private boolean beaten;

    private RedisEngine(ClusterConfig config, HistoryConfig history, int maxMembers, BatchLimits limits) {
        this.config = config;
        this.history = history;
        this.thread = new CallbackThread(config.maxPendingTexts() * 4 + 65_536, limits,
                config.heartbeat().toMillis(), this::tick);
        this.texts = new ClusterTexts(this, config, history);
        this.presence = new ClusterPresence(this, maxMembers);
    }

    /**
     * Connects to the cluster's Redis (blocking: when the relay starts, never on an event loop).
     *
     * @throws dev.duplex.core.DuplexException with a sentence if Redis cannot be reached
     */
    public static RedisEngine connect(ClusterConfig config, HistoryConfig history, int maxMembers, BatchLimits limits) {
        RedisEngine engine = new RedisEngine(config, history, maxMembers, limits);
        engine.link = RedisLink.connect(config, engine.new Inbound());
        engine.media = new MediaBridge(config.nodeId(), engine.link, config.maxMediaBacklog());
        engine.register();
        log.info("Cluster node {} joined through Redis at {}", config.nodeId(), config.redisAddress());
        return engine;
    }

    /**
     * Tells Redis this node lives, and removes the members an earlier run under the same name left
     * (killed and started again within the node timeout, it would still count as alive, and they
     * would stay listed). Blocking, before the relay takes members.
     */
    private void register() {
        long removed;
        try {
            removed = Script.number(Script.HEARTBEAT.run(link, new byte[][] {Keys.NODES},
                    Script.bytes(config.nodeId()), Script.bytes(config.nodeTimeout().toMillis()), Script.bytes("1"))
                    .toCompletableFuture().get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS).get(0));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            link.close();
            throw RedisLink.unreachable(config, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        }
        if (removed > 0) {
            log.info("Cluster node {}: {} members of its earlier run left their rooms", config.nodeId(), removed);
        }
    }

    /** What the Redis connections bring, handed to the engine's thread (media handled where it comes). */
    private final class Inbound implements RedisLink.Listener {
        @Override
        public void commandsUp(boolean up) {
            thread.execute(up ? RedisEngine.this::tick : () -> lost(null));
        }

        @Override
        public void subscriptionReconnected() {
            thread.execute(() -> catchUp(NOTHING));
        }

        @Override
        public void textMessage(byte[] channel, byte[] message) {
            News news;
            try {
                news = News.parse(message);
            } catch (IllegalArgumentException e) {
                log.warn("Ignored a malformed cluster message: {}", e.getMessage());
                return;
            }
            if (news instanceof News.TakenOver takenOver) {
                thread.execute(() -> presence.takenOver(takenOver));
                return;
            }
            String room = Keys.roomOf(channel, Keys.TEXT_CHANNEL);
            if (room == null || news == null) {
                return;
            }
            if (news instanceof News.Text text) {
                thread.execute(() -> texts.received(room, text));
            } else if (news instanceof News.Presence p) {
                thread.execute(() -> presence.news(room, p));
            }
        }

        @Override
        public void mediaMessage(byte[] channel, byte[] message) {
            EngineEvents to = events;
            if (to != null) {
                media.received(channel, message, to);
            }
        }
    }

    @Override
    public void start(EngineEvents value) {
        this.events = value;
        link.textIn().async().subscribe(Keys.nodeChannel(config.nodeId()));
        thread.start();
    }

    // ---- for the engine's parts ----

    CallbackThread thread() {
        return thread;
    }

    RedisLink link() {
        return link;
    }

    EngineEvents events() {
        return events;
    }

    ClusterTexts texts() {
        return texts;
    }

    String nodeId() {
        return config.nodeId();
    }

    boolean healthy() {
        return health == Health.UP;
    }

    /** Runs {@code task} on the engine's thread once Redis is UP (after the recovery, if one is due). */
    void whenUp(Runnable task) {
        assert thread.onThread();
        if (health == Health.UP) {
            task.run();
        } else {
            whenUp.add(task);
        }
    }

    /** True unless Redis is known to be out of reach: UP, or RECOVERING (claiming its members again). */
    boolean reachable() {
        return health != Health.DEGRADED;
    }

    /** A random epoch for a room whose history starts now (never 0: that means "no history"). */
    long newEpoch() {
        long epoch;
        do {
            epoch = random.nextLong() & Long.MAX_VALUE;
        } while (epoch == 0);
        return epoch;
    }

    /** How long a room's sequence and epoch outlive its last message. */
    long metaTtlMillis() {
        return history.maxAge().toMillis() * 2;
    }

    /** Redis did not answer ({@code cause}, or a lost connection): the node is degraded until it does. */
    void lost(Throwable cause) {
        assert thread.onThread();
        if (health == Health.DEGRADED) {
            return;
        }
        boolean wasUp = health == Health.UP;
        health = Health.DEGRADED;
        if (wasUp) {
            degradedEpisodes++;
            log.warn("Cluster node {} lost Redis at {}{}: its rooms are degraded", config.nodeId(),
                    config.redisAddress(), cause == null ? "" : " (" + cause.getMessage() + ")");
            events.degraded(true, DEGRADED);
        }
    }

    /** Subscribes a room's channels; the feed learns when its text channel is confirmed. */
    void subscribe(String room, RoomFeed feed) {
        link.mediaIn().async().subscribe(Keys.mediaChannel(room));
        link.textIn().async().subscribe(Keys.textChannel(room)).whenComplete((ok, failure) -> thread.execute(() -> {
            if (failure != null) {
                lost(failure); // the claims waiting for it will find the engine unhealthy
            }
            feed.subscribed();
        }));
    }

    // ---- the heartbeat ----

    private void tick() {
        List<String> rooms = presence.rooms();
        byte[][] args = new byte[3 + rooms.size()][];
        args[0] = Script.bytes(config.nodeId());
        args[1] = Script.bytes(config.nodeTimeout().toMillis());
        args[2] = Script.bytes("0");
        for (int i = 0; i < rooms.size(); i++) {
            args[3 + i] = Script.bytes(rooms.get(i));
        }
        Script.HEARTBEAT.run(link, new byte[][] {Keys.NODES}, args)
                .whenComplete((reply, failure) -> thread.execute(() -> {
                    if (failure != null) {
                        lost(failure);
                        return;
                    }
                    long removed = Script.number(reply.get(0));
                    if (removed > 0) {
                        log.info("Cluster node {}: {} members of dead nodes left their rooms", config.nodeId(), removed);
                    }
                    boolean wasKnown = Script.number(reply.get(1)) == 1;
                    if (health == Health.DEGRADED) {
                        recover();
                    } else if (health == Health.UP && !wasKnown && beaten) {
                        log.warn("Cluster node {} had been given up by the others; claiming its members again",
                                config.nodeId());
                        presence.reclaim();
                    }
                    beaten = true;
                    if (health == Health.UP) {
                        catchUp(NOTHING);
                    }
                    prune();
                }));
    }

    /**
     * Claims the members again, forwards what the rooms' feeds missed, then stores what was held;
     * only then are the members told the room is whole again (what {@link #RESTORED} says). Redis
     * lost again on the way ends this attempt: the next heartbeat that reaches Redis starts another.
     */
    private void recover() {
        health = Health.RECOVERING;
        long attempt = ++recoveries;
        log.info("Cluster node {} reached Redis again: catching up", config.nodeId());
        presence.reclaim();
        catchUp(() -> {
            if (recoveries == attempt && health == Health.RECOVERING) {
                texts.flush(() -> {
                    if (recoveries == attempt && health == Health.RECOVERING) {
                        health = Health.UP;
                        log.info("Cluster node {} caught up", config.nodeId());
                        events.degraded(false, RESTORED);
                        List<Runnable> waited = whenUp;
                        whenUp = new ArrayList<>();
                        waited.forEach(Runnable::run);
                        texts.resume();
                    }
                });
            }
        });
    }

    /**
     * Compares every feed with its room in Redis and reads back what the feed missed; runs
     * {@code caughtUp} once every feed has forwarded its room up to where it was then (never, if
     * Redis is lost meanwhile).
     */
    private void catchUp(Runnable caughtUp) {
        List<RoomFeed> started = new ArrayList<>();
        for (RoomFeed feed : texts.feeds().values()) {
            if (feed.delivered() >= 0) {
                started.add(feed);
            }
        }
        if (started.isEmpty()) {
            caughtUp.run();
            return;
        }
        byte[][] keys = new byte[started.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Keys.meta(started.get(i).room());
        }
        Script.POSITIONS.run(link, keys).whenComplete((reply, failure) -> thread.execute(() -> {
            if (failure != null) {
                lost(failure);
                return;
            }
            int[] behind = {started.size()};
            Runnable oneCaughtUp = () -> {
                if (--behind[0] == 0) {
                    caughtUp.run();
                }
            };
            for (int i = 0; i < started.size(); i++) {
                RoomFeed feed = started.get(i);
                long last = Script.number(reply.get(2 * i));
                feed.catchUp(Script.number(reply.get(2 * i + 1)), last);
                feed.afterDelivered(last, oneCaughtUp);
            }
        }));
    }

    /** Gives up the channels of rooms that have had no member here for a few heartbeats. */
    private void prune() {
        Iterator<Map.Entry<String, RoomFeed>> it = texts.feeds().entrySet().iterator();
        while (it.hasNext()) {
            RoomFeed feed = it.next().getValue();
            if (presence.hasClaims(feed.room()) || feed.hasWaiting()) {
                feed.idleTicks = 0;
            } else if (++feed.idleTicks >= IDLE_TICKS) {
                it.remove();
                feed.abandon();
                presence.forget(feed.room());
                link.textIn().async().unsubscribe(Keys.textChannel(feed.room()));
                link.mediaIn().async().unsubscribe(Keys.mediaChannel(feed.room()));
            }
        }
    }

    // ---- RelayEngine ----

    @Override
    public boolean append(String room, String sender, String senderKey, long messageId, long timestampMicros,
                          String body, Consumer<MessageStore.Appended> onStored, Consumer<Throwable> onFailure) {
        return texts.append(room, sender, senderKey, messageId, timestampMicros, body, onStored);
    }

    @Override
    public boolean replay(String room, long afterSequence, long joinedAt, int maxMessages, int maxBytes,
                          Consumer<MessageStore.ReplayPage> then) {
        boolean newcomer = afterSequence < 0;
        return thread.offer(() -> texts.replay(room, afterSequence, newcomer ? history.recentOnJoin()
                : history.maxReplay(), !newcomer, joinedAt, maxMessages, maxBytes, then));
    }

    @Override
    public boolean replayPage(String room, long afterSequence, int maxMessages, int maxBytes,
                              Consumer<MessageStore.ReplayPage> then) {
        return thread.offer(() -> texts.replay(room, afterSequence, -1, false, -1, maxMessages, maxBytes, then));
    }

    @Override
    public WriteBatch callbackWrites() {
        return thread.writes();
    }

    @Override
    public boolean onCallbackThread() {
        return thread.onThread();
    }

    @Override
    public void claim(PresenceClaim claim, Consumer<PresenceClaim.Result> then) {
        if (!thread.offer(() -> presence.claim(claim, then))) {
            then.accept(new PresenceClaim.Result(PresenceClaim.Outcome.UNAVAILABLE, 0, null, null, -1));
        }
    }

    @Override
    public void release(PresenceClaim claim) {
        thread.execute(() -> presence.release(claim));
    }

    @Override
    public void publishMedia(String room, EncodedFrame frame) {
        if (health == Health.UP && presence.hasRemote(room)) {
            media.publish(room, frame);
        }
    }

    @Override
    public List<StoredMessage> messages(String room) {
        return texts.all(room);
    }

    @Override
    public ClusterStats stats() {
        long fills = 0;
        // Read without the engine's thread: a figure for tools, not a decision.
        for (RoomFeed feed : List.copyOf(texts.feeds().values())) {
            fills += feed.fills();
        }
        return new ClusterStats(media.published(), media.dropped(), media.received(), fills, degradedEpisodes);
    }

    @Override
    public void close() {
        thread.close();
        try {
            // The others remove this node's members at their next heartbeat, not after its timeout.
            link.commands().zadd(Keys.NODES, 0, Script.bytes(config.nodeId())).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Could not say goodbye to Redis", e);
        }
        link.close();
    }
}
