package dev.duplex.bench.chat;

import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load-generator connection, speaking just enough of the duplex protocol to join a room (HELLO,
 * answer PING) and writing TEXT frames straight into buffers, so that the generator costs the same
 * against the duplex relay and the bare relay. A receiver counts TEXT frames and records now − the
 * send time, which the sender writes as the body's first 16 characters ({@code System.nanoTime() / 1000}
 * in hex: one process, one clock). Not in the timestamp field: the duplex relay stamps that with its
 * own clock. Per-connection state: one per channel.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LoadConnection.class);
    /** Offset of the TEXT sender field: 6 header bytes, message id, room sequence, timestamp. */
    static final int SENDER_OFFSET = Wire.HEADER_LENGTH + 24;
    /** Where a TEXT's timestamp is: after its message id and sequence. */
    static final int TIMESTAMP_OFFSET = Wire.HEADER_LENGTH + 16;
    /** Hex digits of the send time at the start of each body (so bodies are at least this long). */
    static final int STAMP_DIGITS = 16;
    private static final int MAX_BATCH = 64;

    enum Role { RECEIVER, SENDER }

    private final FanoutLoad load;
    private final Role role;
    private final String nickname;
    private final String room;
    private final boolean handshake;
    private final byte[] body;
    private final Recorder latency = new Recorder(3);
    /** Now − the TEXT's timestamp field: the duplex relay's clock when it read the message. */
    private final Recorder sinceRelayRead = new Recorder(3);
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private Histogram recycled;
    private Histogram recycledSinceRelay;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;
    private long nextMessageId = 1;
    private long sentThisPhase;
    private long phase;

    /**
     * @param handshake true against the duplex relay (HELLO first, then PRESENCE means joined);
     *                  false against the bare relay (joined once connected)
     */
    LoadConnection(FanoutLoad load, Role role, String nickname, String room, boolean handshake, int bodyBytes) {
        this.load = load;
        this.role = role;
        this.nickname = nickname;
        this.room = room;
        this.handshake = handshake;
        this.body = "x".repeat(Math.max(bodyBytes, STAMP_DIGITS)).getBytes(StandardCharsets.UTF_8);
    }

    CompletableFuture<Void> joined() {
        return joined;
    }

    synchronized Histogram takeLatency() {
        recycled = latency.getIntervalHistogram(recycled);
        return recycled;
    }

    /** Takes (and resets) the latency since the relay read each message (see {@link #sinceRelayRead}). */
    synchronized Histogram takeSinceRelayRead() {
        recycledSinceRelay = sinceRelayRead.getIntervalHistogram(recycledSinceRelay);
        return recycledSinceRelay;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (handshake) {
            ByteBuf hello = FrameCodec.encode(new Hello(nickname, room), ctx.alloc());
            ctx.writeAndFlush(hello);
        } else {
            joined.complete(null);
        }
        if (role == Role.SENDER) {
            ticker = ctx.executor().scheduleAtFixedRate(this::pump, 1, 1, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            int type = frame.getUnsignedByte(1);
            if (type == FrameType.TEXT.code()) {
                if (role == Role.RECEIVER) {
                    load.delivered.increment();
                    latency.recordValue(Math.max(0, System.nanoTime() / 1000 - sentMicros(frame)));
                    sinceRelayRead.recordValue(Math.max(0, Clock.nowMicros() - frame.getLong(TIMESTAMP_OFFSET)));
                }
            } else if (type == FrameType.PING.code()) {
                ctx.write(FrameCodec.encode(new Pong(frame.getLong(Wire.HEADER_LENGTH),
                        Clock.nowMicros()), ctx.alloc()));
            } else if (type == FrameType.PRESENCE.code()) {
                joined.complete(null);
            } else if (type == FrameType.ERROR.code()) {
                load.errors.increment();
                log.warn("{} got ERROR: {}", nickname, frame.toString(Wire.HEADER_LENGTH + 4,
                        frame.readableBytes() - Wire.HEADER_LENGTH - 4, StandardCharsets.UTF_8));
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (role == Role.SENDER) {
            pump();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (role == Role.SENDER && ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Writes what the window and the rate allow now, then flushes once. */
    private void pump() {
        if (!load.sending() || !joined.isDone() || !ctx.channel().isWritable()) {
            return;
        }
        long start = load.phaseStartNanos();
        if (start != phase) {
            phase = start;
            sentThisPhase = 0;
        }
        long allowed = Math.min(MAX_BATCH, (load.window - load.inFlight()) / load.senders);
        double rate = load.ratePerSender();
        if (rate > 0) {
            long due = (long) (rate * (System.nanoTime() - start) / 1e9) - sentThisPhase;
            allowed = Math.min(allowed, due);
        }
        if (allowed <= 0) {
            return;
        }
        for (long i = 0; i < allowed; i++) {
            ctx.write(text());
        }
        sentThisPhase += allowed;
        load.sent.addAndGet(allowed);
        ctx.flush();
    }

    /** A TEXT frame as PROTOCOL.md draws it, written straight into a pooled buffer. */
    private ByteBuf text() {
        int payload = 24 + 1 + nickname.length() + 1 + room.length() + body.length;
        ByteBuf out = ctx.alloc().buffer(Wire.HEADER_LENGTH + payload);
        out.writeByte(Wire.MAGIC).writeByte(FrameType.TEXT.code()).writeInt(payload);
        // The timestamp: the sender's clock here; the duplex relay puts its own (when it read the frame).
        out.writeLong(nextMessageId++).writeLong(0).writeLong(Clock.nowMicros());
        out.writeByte(nickname.length()).writeCharSequence(nickname, StandardCharsets.US_ASCII);
        out.writeByte(room.length()).writeCharSequence(room, StandardCharsets.US_ASCII);
        out.writeCharSequence(HexFormat.of().toHexDigits(System.nanoTime() / 1000), StandardCharsets.US_ASCII);
        out.writeBytes(body, STAMP_DIGITS, body.length - STAMP_DIGITS);
        return out;
    }

    /** The send time in a received TEXT's body (after its sender and room fields), in microseconds. */
    private static long sentMicros(ByteBuf frame) {
        int roomAt = SENDER_OFFSET + 1 + frame.getUnsignedByte(SENDER_OFFSET);
        int bodyAt = roomAt + 1 + frame.getUnsignedByte(roomAt);
        long micros = 0;
        for (int i = 0; i < STAMP_DIGITS; i++) {
            micros = micros << 4 | Character.digit(frame.getByte(bodyAt + i), 16);
        }
        return micros;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        load.closed.increment();
        joined.completeExceptionally(new IllegalStateException(nickname + " was disconnected before joining."));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("Load connection {} failed: {}", nickname, cause.toString());
        ctx.close();
    }
}
