package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure functions between {@link Frame}s and their bytes, shared by the pipeline handlers and the
 * relay (which encodes a frame once and writes the same bytes to every receiver).
 */
public final class FrameCodec {
    private FrameCodec() {
    }

    /**
     * Encodes a frame, header included. A VIDEO frame's JPEG bytes are not copied: the result is a
     * composite holding a retained slice of them (an AUDIO frame's few Opus bytes are copied). The
     * caller still owns {@code frame}.
     */
    public static ByteBuf encode(Frame frame, ByteBufAllocator alloc) {
        if (frame instanceof VideoFrame video) {
            return encodeVideo(video, alloc);
        }
        ByteBuf out = alloc.buffer(Wire.HEADER_LENGTH + estimatePayload(frame));
        boolean done = false;
        try {
            out.writeByte(Wire.MAGIC).writeByte(frame.type().code()).writeInt(0);
            writePayload(frame, out);
            out.setInt(Wire.LENGTH_FIELD_OFFSET, out.readableBytes() - Wire.HEADER_LENGTH);
            done = true;
            return out;
        } finally {
            if (!done) {
                out.release();
            }
        }
    }

    private static ByteBuf encodeVideo(VideoFrame video, ByteBufAllocator alloc) {
        ByteBuf jpeg = video.content();
        ByteBuf head = alloc.buffer(Wire.HEADER_LENGTH + FrameType.VIDEO.minPayloadLength() + 64);
        try {
            head.writeByte(Wire.MAGIC).writeByte(FrameType.VIDEO.code()).writeInt(0);
            head.writeLong(video.sequence()).writeLong(video.captureTimeMicros())
                    .writeShort(video.width()).writeShort(video.height());
            Wire.writeStr8(head, video.sender());
            head.setInt(Wire.LENGTH_FIELD_OFFSET, head.readableBytes() - Wire.HEADER_LENGTH + jpeg.readableBytes());
        } catch (RuntimeException e) {
            head.release();
            throw e;
        }
        CompositeByteBuf whole = alloc.compositeBuffer(2);
        whole.addComponents(true, head, jpeg.retainedSlice());
        return whole;
    }

    private static int estimatePayload(Frame frame) {
        if (frame instanceof TextFrame text) {
            // Exact: three bytes per char would hold three times a long ASCII text's memory per frame in flight.
            return TextFrame.payloadLength(text.sender(), text.room(), text.body());
        }
        if (frame instanceof AudioFrame audio) {
            return AudioFrame.payloadLength(audio.sender(), audio.opus().readableBytes());
        }
        return 64;
    }

    private static void writePayload(Frame frame, ByteBuf out) {
        if (frame instanceof Hello h) {
            out.writeShort(h.version()).writeInt(h.capabilities());
            Wire.writeStr8(out, h.nickname());
            Wire.writeStr8(out, h.room());
            out.writeByte(h.attributes().size());
            for (Map.Entry<String, String> e : h.attributes().entrySet()) {
                Wire.writeStr8(out, e.getKey());
                Wire.writeStr16(out, e.getValue());
            }
        } else if (frame instanceof Welcome w) {
            out.writeShort(w.version()).writeInt(w.capabilities());
            Wire.writeStr8(out, w.nickname());
            Wire.writeStr8(out, w.room());
            out.writeInt((int) w.heartbeatMillis()).writeLong(w.serverTimeMicros()).writeLong(w.historyEpoch());
        } else if (frame instanceof Bye b) {
            Wire.writeStr16(out, b.reason());
        } else if (frame instanceof Ping p) {
            out.writeLong(p.sendTimeMicros());
        } else if (frame instanceof Pong p) {
            out.writeLong(p.echoedSendTimeMicros()).writeLong(p.responderTimeMicros());
        } else if (frame instanceof ErrorFrame e) {
            out.writeShort(e.code().code());
            Wire.writeStr16(out, e.message());
            if (e.messageId() != 0) {
                out.writeLong(e.messageId());
            }
        } else if (frame instanceof Presence p) {
            out.writeByte(p.kind().code());
            Wire.writeStr8(out, p.room());
            out.writeShort(p.nicknames().size());
            for (String nick : p.nicknames()) {
                Wire.writeStr8(out, nick);
            }
        } else if (frame instanceof Ack a) {
            out.writeLong(a.messageId()).writeLong(a.roomSequence());
        } else if (frame instanceof VideoReceipt r) {
            out.writeLong(r.sequence());
            Wire.writeStr8(out, r.sender());
        } else if (frame instanceof HistoryEnd h) {
            out.writeLong(h.roomSequence());
        } else if (frame instanceof TextFrame t) {
            out.writeLong(t.messageId()).writeLong(t.roomSequence()).writeLong(t.timestampMicros());
            Wire.writeStr8(out, t.sender());
            Wire.writeStr8(out, t.room());
            // Reserving only the exact size: writeCharSequence would grow the buffer for 3 bytes a char first.
            ByteBufUtil.reserveAndWriteUtf8(out, t.body(), Wire.utf8Length(t.body()));
        } else if (frame instanceof AudioFrame a) {
            out.writeLong(a.sequence()).writeLong(a.captureTimeMicros());
            Wire.writeStr8(out, a.sender());
            out.writeBytes(a.opus(), a.opus().readerIndex(), a.opus().readableBytes());
        } else {
            throw new IllegalStateException("no payload writer for " + frame.type());
        }
    }

    /**
     * Decodes one whole frame (header included, as cut by {@link FrameLengthDecoder}). The result
     * never shares memory with {@code in} except a VIDEO frame's JPEG and an AUDIO frame's Opus packet,
     * retained slices the caller must release. Malformed content is a {@link ProtocolException}.
     */
    public static Frame decode(ByteBuf in) {
        Wire.need(in, Wire.HEADER_LENGTH, "frame header");
        int magic = in.readUnsignedByte();
        int code = in.readUnsignedByte();
        long length = in.readUnsignedInt();
        FrameType type = FrameType.fromCode(code);
        if (magic != Wire.MAGIC || type == null || length != in.readableBytes()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "frame header does not match its bytes.");
        }
        return switch (type) {
            case HELLO -> decodeHello(in);
            case WELCOME -> new Welcome(readVersion(in), in.readInt(), Wire.readStr8(in, "WELCOME nickname"),
                    Wire.readStr8(in, "WELCOME room"), readU32(in, "WELCOME heartbeat"), readU64(in, "WELCOME time"),
                    in.readableBytes() >= 8 ? in.readLong() : 0);
            case BYE -> new Bye(Wire.readStr16(in, "BYE reason"));
            case PING -> new Ping(in.readLong());
            case PONG -> new Pong(in.readLong(), in.readLong());
            case ERROR -> new ErrorFrame(ErrorCode.fromCode(in.readUnsignedShort()), Wire.readStr16(in, "ERROR message"),
                    in.readableBytes() >= 8 ? in.readLong() : 0);
            case PRESENCE -> decodePresence(in);
            case ACK -> new Ack(in.readLong(), in.readLong());
            case VIDEO_RECEIPT -> new VideoReceipt(in.readLong(), Wire.readStr8(in, "VIDEO_RECEIPT sender"));
            case HISTORY_END -> new HistoryEnd(in.readLong());
            case TEXT -> new TextFrame(in.readLong(), in.readLong(), in.readLong(), Wire.readStr8(in, "TEXT sender"),
                    Wire.readStr8(in, "TEXT room"), Wire.readUtf8(in, in.readableBytes(), "TEXT body"));
            case VIDEO -> decodeVideo(in);
            case AUDIO -> new AudioFrame(in.readLong(), in.readLong(), Wire.readStr8(in, "AUDIO sender"),
                    in.readRetainedSlice(in.readableBytes()));
        };
    }

    private static int readVersion(ByteBuf in) {
        return in.readUnsignedShort();
    }

    private static long readU32(ByteBuf in, String field) {
        Wire.need(in, 4, field);
        return in.readUnsignedInt();
    }

    private static long readU64(ByteBuf in, String field) {
        Wire.need(in, 8, field);
        return in.readLong();
    }

    private static Hello decodeHello(ByteBuf in) {
        int version = in.readUnsignedShort();
        int capabilities = in.readInt();
        String nickname = Wire.readStr8(in, "HELLO nickname");
        String room = Wire.readStr8(in, "HELLO room");
        Wire.need(in, 1, "HELLO attribute count");
        int count = in.readUnsignedByte();
        if (count > Hello.MAX_ATTRIBUTES) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    "HELLO has " + count + " attributes (at most " + Hello.MAX_ATTRIBUTES + ").");
        }
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(Wire.readStr8(in, "HELLO attribute key"), Wire.readStr16(in, "HELLO attribute value"));
        }
        return new Hello(version, capabilities, nickname, room, attributes);
    }

    private static Presence decodePresence(ByteBuf in) {
        Presence.Kind kind = Presence.Kind.fromCode(in.readUnsignedByte());
        String room = Wire.readStr8(in, "PRESENCE room");
        Wire.need(in, 2, "PRESENCE count");
        int count = in.readUnsignedShort();
        // Each name takes at least its length byte: a count the frame cannot hold is caught before allocating.
        Wire.need(in, count, "PRESENCE names");
        List<String> nicknames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nicknames.add(Wire.readStr8(in, "PRESENCE nickname"));
        }
        return new Presence(kind, room, nicknames);
    }

    private static VideoFrame decodeVideo(ByteBuf in) {
        long sequence = in.readLong();
        long capture = in.readLong();
        int width = in.readUnsignedShort();
        int height = in.readUnsignedShort();
        String sender = Wire.readStr8(in, "VIDEO sender");
        return new VideoFrame(sequence, capture, width, height, sender, in.readRetainedSlice(in.readableBytes()));
    }
}
