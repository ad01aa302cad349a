package dev.duplex.core.relay;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.protocol.Names;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one room and the fan-out to them. Membership changes under the room's lock; a
 * fan-out works on an immutable snapshot, so sending never holds a lock. Frames are encoded once
 * and each receiver gets a {@code retainedDuplicate()} of the same bytes, written through a
 * {@link WriteBatch}: one task per event loop, one flush per receiver.
 */
final class Room {
    private final String name;
    private final int maxMembers;
    /** By {@link Names#nicknameKey}: nicknames that look the same are one place in the room. */
    private final Map<String, Member> members = new LinkedHashMap<>();
    private volatile List<Member> snapshot = List.of();

    Room(String name, int maxMembers) {
        this.name = name;
        this.maxMembers = maxMembers;
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
        Member existing = members.get(member.key());
        if (existing != null) {
            if (!existing.sameSessionAs(member)) {
                return new Join(JoinResult.NICKNAME_TAKEN, null);
            }
            members.put(member.key(), member);
            snapshot = List.copyOf(members.values());
            return new Join(JoinResult.JOINED, existing);
        }
        if (members.size() >= maxMembers) {
            return new Join(JoinResult.FULL, null);
        }
        members.put(member.key(), member);
        snapshot = List.copyOf(members.values());
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
     * the caller hands over its reference. The writes go out at once, one task per event loop.
     *
     * @return how many receivers it was written to
     */
    int fanOut(EncodedFrame frame, Member except) {
        WriteBatch writes = new WriteBatch();
        int receivers = fanOut(frame, except, false, writes);
        writes.submit();
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
