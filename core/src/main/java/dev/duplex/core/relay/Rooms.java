package dev.duplex.core.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's rooms, created on first join and removed when the last member leaves, bounded by
 * {@code maxRooms}.
 */
final class Rooms {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final int maxMembersPerRoom;
    private final long presenceIntervalNanos;

    Rooms(int maxRooms, int maxMembersPerRoom, Duration presenceInterval) {
        this.maxRooms = maxRooms;
        this.maxMembersPerRoom = maxMembersPerRoom;
        this.presenceIntervalNanos = presenceInterval.toNanos();
    }

    /** Result of {@link #join}: the room joined, or why not. */
    record Joined(Room room, Room.JoinResult result, Member replaced) {
    }

    /** Joins {@code member} to the named room, creating the room if the room limit allows. */
    synchronized Joined join(String name, Member member) {
        return join(name, member, true);
    }

    /** As {@link #join(String, Member)}; the others hear of the join only if {@code announce} (see {@link Room#join(Member, boolean)}). */
    synchronized Joined join(String name, Member member, boolean announce) {
        Room room = rooms.get(name);
        if (room == null) {
            if (rooms.size() >= maxRooms) {
                return new Joined(null, Room.JoinResult.FULL, null);
            }
            room = new Room(name, maxMembersPerRoom, presenceIntervalNanos);
            rooms.put(name, room);
        }
        Room.Join join = room.join(member, announce);
        return new Joined(room, join.result(), join.replaced());
    }

    /** Removes the member and drops the room if nobody is left; true if the member was in it. */
    synchronized boolean leave(Room room, Member member) {
        boolean removed = room.leave(member);
        if (room.isEmpty()) {
            rooms.remove(room.name(), room);
        }
        return removed;
    }

    /** The room of that name, or null while it has no member here. */
    Room get(String name) {
        return rooms.get(name);
    }

    /** The rooms now (a snapshot). */
    List<Room> all() {
        return List.copyOf(rooms.values());
    }

    int count() {
        return rooms.size();
    }

    int members() {
        int total = 0;
        for (Room room : rooms.values()) {
            total += room.members().size();
        }
        return total;
    }
}
