package dev.duplex.core.session;

import dev.duplex.core.internal.protocol.Presence;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in a session: this side's name and room as the other side accepted them, everyone present,
 * and in direct mode the peer's name from the handshake (which is who sent what the peer sends,
 * whatever its frames claim). Changed on the session's event loop; the names and the set are read
 * from any thread.
 */
final class Participants {
    private final EventLoop loop;
    /** Whether the sender of a frame is the name the frame carries (relay mode, the lecture's formats). */
    private final boolean framesNameTheSender;
    private volatile String nickname;
    private volatile String room;
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    /** In direct mode, the other side's nickname from the handshake; confined to the loop. */
    private String directPeer;

    Participants(EventLoop loop, Role role, boolean lecture, String nickname, String room) {
        this.loop = loop;
        this.framesNameTheSender = role == Role.RELAY_CLIENT || lecture;
        this.nickname = nickname;
        this.room = room;
    }

    String nickname() {
        return nickname;
    }

    String room() {
        return room;
    }

    Set<String> snapshot() {
        return Set.copyOf(present);
    }

    /** The handshake accepted these names; {@code initial} are the participants known from it. */
    void connected(String acceptedNickname, String acceptedRoom, List<String> initial) {
        assert loop.inEventLoop();
        nickname = acceptedNickname;
        room = acceptedRoom;
        present.clear();
        present.addAll(initial);
        directPeer = otherThan(acceptedNickname, initial);
    }

    /** No connection: nobody is known to be there. */
    void disconnected() {
        assert loop.inEventLoop();
        present.clear();
    }

    /** Applies a PRESENCE frame and returns it as the listener's event. */
    PresenceEvent apply(Presence presence) {
        assert loop.inEventLoop();
        PresenceEvent.Kind kind = PresenceEvent.Kind.valueOf(presence.kind().name());
        switch (kind) {
            case SNAPSHOT -> {
                present.clear();
                present.addAll(presence.nicknames());
                if (directPeer == null) {
                    directPeer = otherThan(nickname, presence.nicknames());
                }
            }
            case JOINED -> present.addAll(presence.nicknames());
            case LEFT -> presence.nicknames().forEach(present::remove);
        }
        return new PresenceEvent(kind, presence.room(), presence.nicknames());
    }

    /**
     * Who sent a TEXT or VIDEO: the relay fills the sender in (relay mode); in direct mode the
     * receiver does, with the name the peer gave in the handshake, whatever the frame says.
     */
    String senderOf(String claimed) {
        assert loop.inEventLoop();
        return framesNameTheSender || directPeer == null ? claimed : directPeer;
    }

    private static String otherThan(String self, List<String> names) {
        for (String name : names) {
            if (!name.equals(self)) {
                return name;
            }
        }
        return null;
    }
}
