package dev.duplex.core.internal.cluster;

import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.protocol.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who is in a room over every node: each member's claim to its nickname is a field of the room's
 * members hash in Redis, written by the claim script (one step: a taken nickname is refused on
 * every node at once; the member's own session takes its claim over, and the node that had it is
 * told). Every node's heartbeat keeps it in the nodes' set; a node that misses its time has its
 * members removed by the next heartbeat of any node, which tells the rooms they left. This node
 * keeps its own claims, to give them back and to claim them again after it was cut off. Confined to
 * the engine's thread, except {@link #hasRemote}.
 */
final class ClusterPresence {
    private final RedisEngine engine;
    private final int maxMembers;
    /** This node's claims, by room and nickname key. */
    private final Map<String, Map<String, PresenceClaim>> claims = new HashMap<>();
    /** Nickname keys of each room's members on other nodes: whether media should go to Redis. */
    private final Map<String, Set<String>> remote = new ConcurrentHashMap<>();
    /** Releases Redis did not take, to send again when it is back. */
    private final List<PresenceClaim> unreleased = new ArrayList<>();

    ClusterPresence(RedisEngine engine, int maxMembers) {
        this.engine = engine;
        this.maxMembers = maxMembers;
    }

    /** Claims a nickname once the room's channel is subscribed (so nothing said after it is missed). */
    void claim(PresenceClaim claim, Consumer<PresenceClaim.Result> then) {
        if (!engine.healthy()) {
            then.accept(unavailable());
            return;
        }
        RoomFeed feed = engine.texts().feed(claim.room());
        feed.whenSubscribed(() -> run(claim, claim.freeHere(), feed, then));
    }

    private static PresenceClaim.Result unavailable() {
        return new PresenceClaim.Result(PresenceClaim.Outcome.UNAVAILABLE, 0, null, null, -1);
    }

    private void run(PresenceClaim claim, boolean freeHere, RoomFeed feed, Consumer<PresenceClaim.Result> then) {
        // Reachable, not healthy: a recovering node claims its members again before it is UP.
        if (!engine.reachable()) {
            then.accept(unavailable());
            return;
        }
        String room = claim.room();
        Script.CLAIM.run(engine.link(), new byte[][] {Keys.members(room), Keys.meta(room), Keys.NODES,
                Keys.nodeRooms(engine.nodeId()), Keys.textChannel(room), Keys.stream(room)},
                Script.bytes(claim.nicknameKey()), Script.bytes(engine.nodeId()), Script.bytes(claim.connectionIdText()),
                Script.bytes(claim.sessionKey()), Script.bytes(claim.nickname()), Script.bytes(maxMembers),
                Script.bytes(engine.newEpoch()), Script.bytes(freeHere ? "1" : "0"), Script.bytes(room),
                Script.bytes(engine.metaTtlMillis()))
                .whenComplete((reply, failure) -> engine.thread().execute(() -> {
                    if (failure != null) {
                        engine.lost(failure);
                        then.accept(unavailable());
                        return;
                    }
                    PresenceClaim.Outcome outcome = PresenceClaim.Outcome.valueOf(Script.text(reply.get(0)));
                    long epoch = Script.number(reply.get(1));
                    long position = Script.number(reply.get(2));
                    feed.start(epoch, position);
                    List<String> members = null;
                    if (outcome == PresenceClaim.Outcome.JOINED || outcome == PresenceClaim.Outcome.TAKEN_OVER) {
                        claims.computeIfAbsent(room, r -> new HashMap<>()).put(claim.nicknameKey(), claim);
                        members = new ArrayList<>();
                        Set<String> others = ConcurrentHashMap.newKeySet();
                        for (int i = 3; i + 1 < reply.size(); i += 2) {
                            String nickname = Script.text(reply.get(i + 1));
                            members.add(nickname);
                            if (!Script.text(reply.get(i)).equals(engine.nodeId())) {
                                others.add(Names.nicknameKey(nickname));
                            }
                        }
                        remote.put(room, others);
                    }
                    then.accept(new PresenceClaim.Result(outcome, epoch, members, null, position));
                }));
    }

    /**
     * A member here left: its claim goes (sent again later if Redis is away now). {@code claim} is
     * the member's claim made anew: the one kept here is the one of the same connection.
     */
    void release(PresenceClaim claim) {
        Map<String, PresenceClaim> room = claims.get(claim.room());
        PresenceClaim held = room == null ? null : room.get(claim.nicknameKey());
        if (held != null && held.connectionId() == claim.connectionId()) {
            room.remove(claim.nicknameKey());
            if (room.isEmpty()) {
                claims.remove(claim.room());
            }
        }
        sendRelease(claim);
    }

    private void sendRelease(PresenceClaim claim) {
        if (!engine.reachable()) {
            unreleased.add(claim);
            return;
        }
        Script.RELEASE.run(engine.link(), new byte[][] {Keys.members(claim.room()),
                Keys.textChannel(claim.room())}, Script.bytes(claim.nicknameKey()), Script.bytes(claim.connectionIdText()),
                Script.bytes(engine.nodeId()), Script.bytes(claim.nickname()))
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        engine.thread().execute(() -> {
                            engine.lost(failure);
                            unreleased.add(claim);
                        });
                    }
                });
    }

    /**
     * Redis is back (or had given this node up): the releases it missed go again, and every member
     * here claims its nickname again; one whose nickname another node's member took meanwhile is
     * closed with a sentence.
     */
    void reclaim() {
        List<PresenceClaim> again = new ArrayList<>(unreleased);
        unreleased.clear();
        again.forEach(this::sendRelease);
        for (Map<String, PresenceClaim> room : claims.values()) {
            for (PresenceClaim claim : List.copyOf(room.values())) {
                run(claim, false, engine.texts().feed(claim.room()), result -> {
                    if (result.outcome() == PresenceClaim.Outcome.NICKNAME_TAKEN) {
                        Map<String, PresenceClaim> now = claims.get(claim.room());
                        if (now != null && now.remove(claim.nicknameKey(), claim) && now.isEmpty()) {
                            claims.remove(claim.room());
                        }
                        engine.events().evicted(claim.room(), claim.nicknameKey(), claim.connectionIdText(), false);
                    }
                });
            }
        }
    }

    /** News of a room's presence from its channel. */
    void news(String room, News.Presence presence) {
        if (presence.node().equals(engine.nodeId())) {
            return; // this node told its own members already
        }
        Set<String> others = remote.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        if (presence.joined()) {
            others.add(Names.nicknameKey(presence.nickname()));
        } else {
            others.remove(Names.nicknameKey(presence.nickname()));
        }
        engine.events().remotePresence(room, presence.nickname(), presence.joined());
    }

    /** The member's own session claimed its nickname on another node: this connection goes, quietly. */
    void takenOver(News.TakenOver news) {
        Map<String, PresenceClaim> room = claims.get(news.room());
        PresenceClaim claim = room == null ? null : room.get(news.nicknameKey());
        if (claim != null && claim.connectionIdText().equals(news.connection())) {
            room.remove(news.nicknameKey());
            if (room.isEmpty()) {
                claims.remove(news.room());
            }
        }
        engine.events().evicted(news.room(), news.nicknameKey(), news.connection(), true);
    }

    /** True if the room has members on other nodes (any thread). */
    boolean hasRemote(String room) {
        Set<String> others = remote.get(room);
        return others != null && !others.isEmpty();
    }

    /** True if this node has a member in the room. */
    boolean hasClaims(String room) {
        return claims.containsKey(room);
    }

    /** The rooms this node has members in. */
    List<String> rooms() {
        return List.copyOf(claims.keySet());
    }

    /** The room has no member here any more: forget who is elsewhere. */
    void forget(String room) {
        remote.remove(room);
    }
}
