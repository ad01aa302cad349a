package dev.duplex.core.internal.cluster;

import dev.duplex.core.internal.engine.EngineEvents;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Media between nodes: a frame fanned out to a room's members here is also published, as the bytes
 * already encoded for them, on the room's media channel; a node forwards what the channel brings to
 * its own members like a frame from one of them (each receiver's latest-frame slot keeps a slow one
 * from slowing the rest). What this node has handed to Redis and Redis has not taken yet is bounded
 * ({@code maxBacklog} bytes): a frame that would go over it is not published (counted), so a node
 * never queues video behind video, and what it sends Redis is at most what Redis takes.
 * <pre>
 * message: u8 n | n bytes origin node id (ASCII) | one encoded frame (header and payload)
 * </pre>
 */
final class MediaBridge {
    private final String nodeId;
    private final byte[] origin;
    private final RedisLink link;
    private final long maxBacklog;
    private final AtomicLong backlog = new AtomicLong();
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder received = new LongAdder();

    MediaBridge(String nodeId, RedisLink link, long maxBacklog) {
        this.nodeId = nodeId;
        this.origin = nodeId.getBytes(StandardCharsets.US_ASCII);
        this.link = link;
        this.maxBacklog = maxBacklog;
    }

    /** Publishes a copy of {@code frame}'s bytes (the caller keeps the frame), unless the backlog is full. */
    void publish(String room, EncodedFrame frame) {
        ByteBuf bytes = frame.content();
        int length = bytes.readableBytes();
        long after = backlog.addAndGet(length);
        if (after > maxBacklog) {
            backlog.addAndGet(-length);
            dropped.increment();
            return;
        }
        byte[] message = new byte[1 + origin.length + length];
        message[0] = (byte) origin.length;
        System.arraycopy(origin, 0, message, 1, origin.length);
        bytes.getBytes(bytes.readerIndex(), message, 1 + origin.length, length);
        published.increment();
        link.mediaOut().publish(Keys.mediaChannel(room), message)
                .whenComplete((receivers, failure) -> backlog.addAndGet(-length));
    }

    /** A message of a media channel: another node's frame goes to this node's members. */
    void received(byte[] channel, byte[] message, EngineEvents events) {
        String room = Keys.roomOf(channel, Keys.MEDIA_CHANNEL);
        if (room == null || message.length < 1) {
            return;
        }
        int n = message[0] & 0xFF;
        int start = 1 + n;
        if (message.length < start + 6) {
            return;
        }
        if (new String(message, 1, n, StandardCharsets.US_ASCII).equals(nodeId)) {
            return; // this node's own frame, already fanned out here
        }
        FrameType type = FrameType.fromCode(message[start + 1] & 0xFF);
        if (type == null) {
            return;
        }
        received.increment();
        events.remoteMedia(room, new EncodedFrame(type, type == FrameType.VIDEO ? videoSender(message, start) : null,
                Unpooled.wrappedBuffer(message, start, message.length - start)));
    }

    /** The sender of an encoded VIDEO: its str8 after the 6-byte header and 20 bytes of numbers. */
    private static String videoSender(byte[] message, int frameStart) {
        int at = frameStart + 6 + 20;
        if (message.length <= at) {
            return "";
        }
        int n = message[at] & 0xFF;
        return message.length < at + 1 + n ? "" : new String(message, at + 1, n, StandardCharsets.UTF_8);
    }

    /** Bytes handed to Redis and not yet taken by it. */
    long backlog() {
        return backlog.get();
    }

    long published() {
        return published.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    long received() {
        return received.sum();
    }
}
