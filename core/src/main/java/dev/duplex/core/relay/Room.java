package dev.duplex.core.relay;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.protocol.Names;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The members of one room and the fan-out to them. Membership changes under the room's lock; a
 * fan-out works on an immutable snapshot, so sending never holds a lock. Frames are encoded once
 * and each receiver gets a retained duplicate of the same bytes, written through a
 * {@link WriteBatch}: one task per event loop, one flush per receiver.
 * <p>
 * Joins are announced to the others (PRESENCE JOINED) in batches: each join is queued under the
 * room's lock, and one task on the joining member's event loop announces every join queued by then:
 * the members who were there before get one JOINED naming all of them, each newcomer one naming those
 * after it (its SNAPSHOT had those before it). The task runs once that loop has handled what it read,
 * and no sooner than the presence interval after the room's last announcement: a join after a quiet
 * moment is announced at once, a room filling up costs each member one frame per interval instead of
 * one per join. Before a member's own message is relayed, its join is announced
 * ({@link #announcePending}), so nobody gets a message from someone they were not told of.
 * Announcements and LEFTs are made and handed to the event loops under the room's lock, as tasks
 * ({@link WriteBatch#submitInOrder()}), so that every member hears of a join before it hears of the
 * same member leaving.
 */
final class Room {
    private final String name;
    private final int maxMembers;
    /** By {@link Names#nicknameKey}: nicknames that look the same are one place in the room. */
    private final Map<String, Member> members = new LinkedHashMap<>();
    private volatile List<Member> snapshot = List.of();
    /** Members who joined and were not announced to the others yet, in the order they joined. */
    private final List<Member> unannounced = new ArrayList<>();
    /** A task to announce {@link #unannounced} is queued. */
    private boolean announcing;
    /** {@link #unannounced} is not empty: read without the lock before each relayed message. */
    private volatile boolean pending;
    /** Least time between two announcements ({@code RelayServer.Builder.presenceInterval}). */
    private final long presenceIntervalNanos;
    /** The time in nanoseconds ({@link System#nanoTime()}, or a test's). */
    private final LongSupplier nanoClock;
    /** When the last announcement was made. */
    private long lastAnnouncedNanos;

    /** Runs a task after a delay: on the joining member's event loop. */
    interface Later {
        void run(Runnable task, long delayNanos);
    }

    Room(String name, int maxMembers, long presenceIntervalNanos) {
        this(name, maxMembers, presenceIntervalNanos, System::nanoTime);
    }

    Room(String name, int maxMembers, long presenceIntervalNanos, LongSupplier nanoClock) {
        this.name = name;
        this.maxMembers = maxMembers;
        this.presenceIntervalNanos = presenceIntervalNanos;
        this.nanoClock = nanoClock;
        this.lastAnnouncedNanos = nanoClock.getAsLong() - presenceIntervalNanos;
    }

    String name() {
        return name;
    }

    /** Outcome of a join attempt. */
    enum JoinResult { JOINED, NICKNAME_TAKEN, FULL }

    /** Result of a join: the outcome and, when the member's own session reconnected, the member it replaced. */
    record Join(JoinResult result, Member replaced) {
    }

    synchronized Join join(Member member) {
        return join(member, true);
    }

    /**
     * Joins {@code member}; its join is queued for {@link #announceJoins} only if {@code announce}: a
     * session another relay of the cluster handed over is known to the others already, and deciding that
     * here, under the lock, leaves no moment in which an announcement running on another loop names it.
     */
    synchronized Join join(Member member, boolean announce) {
        Member existing = members.get(member.key());
        if (existing != null) {
            if (!existing.sameSessionAs(member)) {
                return new Join(JoinResult.NICKNAME_TAKEN, null);
            }
            members.put(member.key(), member);
            snapshot = List.copyOf(members.values());
            int queued = unannounced.indexOf(existing);
            if (queued >= 0) {
                unannounced.set(queued, member); // the same session: the others hear of it once
            }
            return new Join(JoinResult.JOINED, existing);
        }
        if (members.size() >= maxMembers) {
            return new Join(JoinResult.FULL, null);
        }
        members.put(member.key(), member);
        snapshot = List.copyOf(members.values());
        if (announce) {
            unannounced.add(member);
            pending = true;
        }
        return new Join(JoinResult.JOINED, null);
    }

    /** Removes the member if it is still the one registered under its name; returns true if removed. */
    synchronized boolean leave(Member member) {
        if (members.get(member.key()) != member) {
            return false;
        }
        members.remove(member.key());
        snapshot = List.copyOf(members.values());
        return true;
    }

    /**
     * Makes sure the joins queued so far are announced: by a task on {@code loop} (the joining
     * member's), unless one is queued already. On the loop, it runs after what the loop read in this
     * round, so the joins read together go out together; and not before the presence interval since
     * the last announcement has passed.
     */
    void announceJoins(EventExecutor loop) {
        announceJoins(loop, (task, delayNanos) -> loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS));
    }

    /** {@link #announceJoins(EventExecutor)} with the loop as an executor now and one for later. */
    void announceJoins(Executor now, Later later) {
        long delayNanos;
        synchronized (this) {
            if (announcing || unannounced.isEmpty()) {
                return;
            }
            announcing = true;
            delayNanos = lastAnnouncedNanos + presenceIntervalNanos - nanoClock.getAsLong();
        }
        if (delayNanos <= 0) {
            now.execute(this::announceQueued);
        } else {
            later.run(this::announceQueued, delayNanos);
        }
    }

    /**
     * Announces the joins still waiting for their announcement now, if there are any: called before a
     * member's message is relayed, so that every receiver hears of a join before it hears the member.
     * Cheap when none wait (one volatile read).
     *
     * @return true if it announced: the announcement is queued on every loop, so writes that must come
     *         after it go through {@link WriteBatch#submitInOrder()} too
     */
    boolean announcePending() {
        if (!pending) {
            return false;
        }
        announce();
        return true;
    }

    /** The task {@link #announceJoins} queued. */
    private synchronized void announceQueued() {
        announcing = false;
        announce();
    }

    /** Announces every queued join (see the class comment). */
    private synchronized void announce() {
        if (unannounced.isEmpty()) {
            return; // announced already (announcePending): the scheduled task, if any, finds nothing to do
        }
        lastAnnouncedNanos = nanoClock.getAsLong();
        List<Member> joined = new ArrayList<>(unannounced.size());
        for (Member m : unannounced) {
            if (members.get(m.key()) == m) { // one that left without a LEFT (another node took it over) is not news
                joined.add(m);
            }
        }
        unannounced.clear();
        pending = false;
        List<String> names = new ArrayList<>(joined.size());
        for (Member m : joined) {
            names.add(m.nickname());
        }
        // At most one write per member: never more than maxMembers, so the batch never submits by itself.
        WriteBatch writes = new WriteBatch(maxMembers + 1);
        List<Channel> before = new ArrayList<>(snapshot.size());
        Set<Member> news = Collections.newSetFromMap(new IdentityHashMap<>(2 * joined.size()));
        news.addAll(joined);
        for (Member m : snapshot) {
            if (!news.contains(m) && m.channel().isActive()) {
                before.add(m.channel());
            }
        }
        writes.writeToAll(before, EncodedFrame.of(new Presence(Presence.Kind.JOINED, name, names),
                ByteBufAllocator.DEFAULT));
        for (int i = 0; i < joined.size() - 1; i++) {
            Channel newcomer = joined.get(i).channel();
            if (newcomer.isActive()) {
                writes.write(newcomer, new Presence(Presence.Kind.JOINED, name, names.subList(i + 1, names.size())));
            }
        }
        writes.submitInOrder();
    }

    /**
     * Tells the others that {@code member} (which has left: {@link #leave}) is gone. If its join was
     * not announced yet, only the members whose SNAPSHOT named it hear of it (those who joined after
     * it), and nobody will hear of the join.
     */
    synchronized void announceLeft(Member member, ByteBufAllocator alloc) {
        EncodedFrame left = EncodedFrame.of(new Presence(Presence.Kind.LEFT, name, List.of(member.nickname())), alloc);
        List<Channel> receivers = new ArrayList<>();
        int queued = unannounced.indexOf(member);
        if (queued >= 0) {
            for (Member m : unannounced.subList(queued + 1, unannounced.size())) {
                receivers.add(m.channel());
            }
            unannounced.remove(queued);
            pending = !unannounced.isEmpty();
        } else {
            for (Member m : snapshot) {
                if (m != member && m.channel().isActive()) {
                    receivers.add(m.channel());
                }
            }
        }
        WriteBatch writes = new WriteBatch(maxMembers + 1);
        writes.writeToAll(receivers, left);
        writes.submitInOrder();
    }

    synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    List<Member> members() {
        return snapshot;
    }

    /** The member registered under {@code nicknameKey}, or null. */
    synchronized Member member(String nicknameKey) {
        return members.get(nicknameKey);
    }

    List<String> nicknames() {
        List<Member> now = snapshot;
        List<String> names = new ArrayList<>(now.size());
        for (Member m : now) {
            names.add(m.nickname());
        }
        return names;
    }

    /**
     * Writes {@code frame} to every member except {@code except} (may be null), then releases it:
     * the caller hands over its reference. The writes go out at once, one task per event loop, after
     * the announcement of any join still waiting for it.
     *
     * @return how many receivers it was written to
     */
    int fanOut(EncodedFrame frame, Member except) {
        boolean announced = announcePending(); // the sender's join first
        WriteBatch writes = new WriteBatch();
        int receivers = fanOut(frame, except, false, writes);
        if (announced) {
            writes.submitInOrder(); // behind the announcement on this loop too
        } else {
            writes.submit();
        }
        return receivers;
    }

    /**
     * Adds a write of {@code frame} to every member except {@code except} (may be null) to
     * {@code writes}, then releases it: the caller hands over its reference. Members that did not ask
     * for the frame's kind of media (HELLO capabilities) are skipped. With {@code onlyReplayed},
     * members whose history replay is not written yet are skipped (the replay will include this frame).
     *
     * @return how many receivers it was written to
     */
    int fanOut(EncodedFrame frame, Member except, boolean onlyReplayed, WriteBatch writes) {
        List<Member> now = snapshot;
        List<Channel> receivers = new ArrayList<>(now.size());
        for (Member m : now) {
            if (m != except && m.channel().isActive() && (!onlyReplayed || m.replayed()) && m.wants(frame.frameType())) {
                receivers.add(m.channel());
            }
        }
        writes.writeToAll(receivers, frame);
        return receivers.size();
    }

    /**
     * Adds a write of a stored TEXT to every member whose replay is written and did not already hold
     * it (a replay that reached {@code sequence} or beyond), except the sender's nickname; then
     * releases the frame: the caller hands over its reference. {@code sequence} 0 (a text not stored
     * yet) reaches every member whose replay is written.
     *
     * @return how many receivers it was written to
     */
    int fanOutStored(EncodedFrame frame, String senderKey, long sequence, WriteBatch writes) {
        List<Member> now = snapshot;
        List<Channel> receivers = new ArrayList<>(now.size());
        for (Member m : now) {
            boolean inItsReplay = sequence != 0 && m.replayedThrough() >= sequence;
            if (!m.key().equals(senderKey) && m.channel().isActive() && m.replayed() && !inItsReplay
                    && m.wants(frame.frameType())) {
                receivers.add(m.channel());
            }
        }
        writes.writeToAll(receivers, frame);
        return receivers.size();
    }
}
