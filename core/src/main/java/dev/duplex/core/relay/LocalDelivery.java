package dev.duplex.core.relay;

import dev.duplex.core.internal.engine.EngineEvents;
import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.relay.history.StoredMessage;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine's news reaches this relay's members: stored texts fanned out in room order, other
 * nodes' presence and media, members closed because their session moved, notices about the cluster.
 */
final class LocalDelivery implements EngineEvents {
    private static final Logger log = LoggerFactory.getLogger(LocalDelivery.class);
    /** What members of a room whose shared history was lost are told before they are closed. */
    static final String HISTORY_RESET = "The room's history was lost and started anew; reconnecting.";

    private final Rooms rooms;
    private final RelayCounters counters;
    /** What fanned-out frames are encoded in: the connections' own ({@code TransportConfig.allocator}, pooled by default). */
    private final ByteBufAllocator alloc;

    LocalDelivery(Rooms rooms, RelayCounters counters, ByteBufAllocator alloc) {
        this.rooms = rooms;
        this.counters = counters;
        this.alloc = alloc;
    }

    @Override
    public void stored(StoredMessage m, boolean provisional, WriteBatch writes) {
        Room room = rooms.get(m.room());
        if (room == null) {
            return;
        }
        long sequence = provisional ? 0 : m.sequence();
        TextFrame frame = new TextFrame(m.messageId(), sequence, m.timestampMicros(), m.sender(), m.room(), m.body());
        counters.deliveries.add(room.fanOutStored(EncodedFrame.of(frame, alloc),
                Names.nicknameKey(m.sender()), sequence, writes));
    }

    @Override
    public void remotePresence(String roomName, String nickname, boolean joined) {
        Room room = rooms.get(roomName);
        if (room != null) {
            room.fanOut(EncodedFrame.of(new Presence(joined ? Presence.Kind.JOINED : Presence.Kind.LEFT, roomName,
                    List.of(nickname)), alloc), null);
        }
    }

    @Override
    public void remoteMedia(String roomName, EncodedFrame frame) {
        Room room = rooms.get(roomName);
        if (room == null) {
            frame.release();
            return;
        }
        counters.deliveries.add(room.fanOut(frame, null));
    }

    @Override
    public void evicted(String roomName, String nicknameKey, String connectionId, boolean takenOver) {
        Room room = rooms.get(roomName);
        Member member = room == null ? null : room.member(nicknameKey);
        if (member == null || !PresenceClaim.connectionIdText(member.connectionId()).equals(connectionId)) {
            return;
        }
        member.markEvicted();
        log.debug("{} in room {} {}", member.nickname(), roomName, takenOver ? "connected to another relay"
                : "lost its nickname to a member of another relay");
        closeWith(member.channel(), takenOver ? new Bye(RelayMemberHandler.REPLACED)
                : new ErrorFrame(ErrorCode.NICKNAME_TAKEN, "While this relay was cut off from the others, someone "
                + "on another relay took the nickname '" + member.nickname() + "' in room '" + roomName
                + "': join again with another."));
    }

    @Override
    public void historyReset(String roomName) {
        Room room = rooms.get(roomName);
        if (room != null) {
            log.warn("The shared history of room {} was lost; its {} members here reconnect", roomName,
                    room.members().size());
            room.members().forEach(m -> closeWith(m.channel(), new Bye(HISTORY_RESET)));
        }
    }

    @Override
    public void degraded(boolean degraded, String notice) {
        ErrorCode code = degraded ? ErrorCode.CLUSTER_DEGRADED : ErrorCode.CLUSTER_RESTORED;
        for (Room room : rooms.all()) {
            room.fanOut(EncodedFrame.of(new ErrorFrame(code, notice), alloc), null);
        }
    }

    private static void closeWith(Channel channel, Frame last) {
        channel.eventLoop().execute(() -> {
            channel.writeAndFlush(last);
            channel.close();
        });
    }
}
