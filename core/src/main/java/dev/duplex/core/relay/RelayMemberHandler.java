package dev.duplex.core.relay;

import dev.duplex.core.protocol.Ack;
import dev.duplex.core.protocol.AudioFrame;
import dev.duplex.core.protocol.Bye;
import dev.duplex.core.protocol.EncodedFrame;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.ErrorFrame;
import dev.duplex.core.protocol.Frame;
import dev.duplex.core.protocol.FrameLengthDecoder;
import dev.duplex.core.protocol.FrameType;
import dev.duplex.core.protocol.Handshakes;
import dev.duplex.core.protocol.Hello;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.protocol.Presence;
import dev.duplex.core.protocol.ProtocolException;
import dev.duplex.core.protocol.TextFrame;
import dev.duplex.core.protocol.VideoFrame;
import dev.duplex.core.protocol.VideoReceipt;
import dev.duplex.core.protocol.Welcome;
import dev.duplex.core.protocol.Wire;
import dev.duplex.core.transport.Clock;
import dev.duplex.core.transport.DuplexPipeline;
import dev.duplex.core.transport.Handshake;
import dev.duplex.core.transport.LinkStats;
import dev.duplex.core.transport.WriteBatch;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's session layer for one connection: HELLO (with a deadline) joins a room; after that
 * TEXT is acknowledged, numbered and fanned out, VIDEO and AUDIO are re-stamped with the sender's
 * name and the relay's clock and fanned out (to the members that asked for them; AUDIO's Opus bytes
 * are never decoded), and leaving announces it. Per-connection state: one per channel.
 */
final class RelayMemberHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger log = LoggerFactory.getLogger(RelayMemberHandler.class);

    private static final Pattern RESUME_GRAMMAR = Pattern.compile("[0-9]{1,19}");
    /** What the relay advertises in WELCOME: it forwards text, video and audio and marks the end of a replay. */
    private static final int CAPABILITIES = Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_AUDIO | Hello.CAP_HISTORY_END;
    /** What a connection replaced by its own session's newer one is told. */
    static final String REPLACED = "Your session connected again; this older connection is closed.";

    private final RelayServer relay;
    private Member member;
    private Room room;
    /** The member's heartbeat measurements (its clock offset re-stamps its video). */
    private LinkStats link;
    private ScheduledFuture<?> helloDeadline;
    /** The member's history replay while it runs; null without one. */
    private HistoryReplay replay;
    /** The media whose sender was told its frame is too large (once per connection each: VIDEO, AUDIO). */
    private final EnumSet<FrameType> toldTooLarge = EnumSet.noneOf(FrameType.class);

    RelayMemberHandler(RelayServer relay) {
        this.relay = relay;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long timeout = relay.config().helloTimeout().toMillis();
        helloDeadline = ctx.executor().schedule(() -> {
            if (member == null) {
                ctx.fireExceptionCaught(new ProtocolException(ErrorCode.HANDSHAKE_TIMEOUT,
                        "No HELLO within " + timeout + " ms: closing."));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (member == null) {
            if (!(frame instanceof Hello hello)) {
                throw Handshakes.notIdentified(frame);
            }
            join(ctx, hello);
        } else if (frame instanceof TextFrame text) {
            relayText(ctx, text);
        } else if (frame instanceof VideoFrame video) {
            relayVideo(ctx, video);
        } else if (frame instanceof AudioFrame audio) {
            relayAudio(ctx, audio);
        } else if (frame instanceof Bye) {
            ctx.close();
        } else if (frame instanceof ErrorFrame error) {
            log.info("{} ({}) reported {}: {}", member.nickname(), ctx.channel().remoteAddress(), error.code(),
                    error.message());
        } else if (frame instanceof VideoReceipt) {
            // Flow control is end to end in direct mode only: the relay does not advertise
            // CAP_VIDEO_RECEIPTS and does not forward receipts, but tolerates (drops) a client's.
            log.trace("Ignored a VIDEO_RECEIPT from {}", member.nickname());
        } else if (!(frame instanceof Ack)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "A client may not send " + frame.type()
                    + " after the handshake.");
        }
    }

    private void join(ChannelHandlerContext ctx, Hello hello) {
        log.debug("{} says {}", ctx.channel().remoteAddress(), hello); // Hello.toString leaves secrets out
        Handshakes.checkHello(hello, true);
        long resume = resumePosition(hello); // refused before anything of the join happens
        // From here on the names as people see them: NFC (the room compares nicknames in lower case too).
        String nickname = Names.normalize(hello.nickname());
        String roomName = Names.normalize(hello.room());
        Member candidate = new Member(nickname, ctx.channel(), hello.attributes().get(Hello.ATTR_SESSION),
                hello.capabilities());
        Rooms.Joined joined = relay.rooms().join(roomName, candidate);
        boolean rejoined = joined.replaced() != null;
        if (rejoined) {
            // The same session came back before its old connection was noticed gone: retire that one.
            Channel stale = joined.replaced().channel();
            stale.eventLoop().execute(() -> {
                stale.writeAndFlush(new Bye(REPLACED));
                stale.close();
            });
        }
        switch (joined.result()) {
            case NICKNAME_TAKEN -> throw new ProtocolException(ErrorCode.NICKNAME_TAKEN, "The nickname '"
                    + nickname + "' is already used in room '" + roomName + "': choose another.");
            case FULL -> throw new ProtocolException(ErrorCode.CAPACITY_EXCEEDED, joined.room() == null
                    ? "The relay has no room for another room; try an existing one or later."
                    : "Room '" + roomName + "' is full; try later or another room.");
            case JOINED -> {
                link = DuplexPipeline.linkStats(ctx.channel());
                member = candidate;
                room = joined.room();
            }
        }
        // Cancelled is not enough: a task kept referenced would stay on the heap for the connection's life.
        helloDeadline.cancel(false);
        helloDeadline = null;
        ctx.write(new Welcome(Wire.PROTOCOL_VERSION, CAPABILITIES, member.nickname(), room.name(),
                relay.config().heartbeatInterval().toMillis(), Clock.nowMicros(), relay.history().epoch()));
        ctx.writeAndFlush(new Presence(Presence.Kind.SNAPSHOT, room.name(), room.nicknames()));
        if (!rejoined) {
            room.fanOut(EncodedFrame.of(new Presence(Presence.Kind.JOINED, room.name(), List.of(member.nickname())),
                    ctx.alloc()), member);
        }
        ctx.pipeline().fireUserEventTriggered(new Handshake(relay.config().heartbeatInterval()));
        if (!member.wants(FrameType.TEXT)) {
            member.markReplayed(); // no texts: no history either
        } else {
            replay = new HistoryReplay(relay, ctx.channel(), member, room.name(),
                    (hello.capabilities() & Hello.CAP_HISTORY_END) != 0);
            if (!replay.start(resume)) {
                throw new ProtocolException(ErrorCode.CAPACITY_EXCEEDED, "The relay is overloaded; try again shortly.");
            }
        }
        log.debug("{} joined room {} from {}", member.nickname(), room.name(), ctx.channel().remoteAddress());
    }

    /**
     * The "resume" attribute: the last room sequence the client has, or -1 for a first-time client.
     * Its grammar: 1 to 19 ASCII digits, at most {@link Long#MAX_VALUE}; nothing else (no sign, no space).
     */
    private static long resumePosition(Hello hello) {
        String value = hello.attributes().get(Hello.ATTR_RESUME);
        if (value == null) {
            return -1;
        }
        if (RESUME_GRAMMAR.matcher(value).matches()) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException tooLarge) {
                // falls through to the error
            }
        }
        throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "HELLO attribute 'resume' must be a room sequence: "
                + "1 to 19 decimal digits, at most " + Long.MAX_VALUE + "; got '" + value + "'.");
    }

    /**
     * Stores the message first; the ACK and the fan-out follow the commit, on the history thread,
     * collected in the relay's history batch and sent when the whole committed batch is done.
     */
    private void relayText(ChannelHandlerContext ctx, TextFrame text) {
        Member sender = member;
        Room target = room;
        Channel ch = ctx.channel();
        int relayed = TextFrame.payloadLength(sender.nickname(), target.name(), text.body());
        if (relayed > relay.config().frameLimits().maxTextPayload()) {
            refuseText(ctx, text.messageId(), "with your name and room added it would be " + relayed + " bytes");
            return;
        }
        // The relay's clock, not the sender's: the same for every receiver and in the history.
        long received = Clock.nowMicros();
        boolean accepted = relay.history().append(target.name(), sender.nickname(), sender.senderKey(), text.messageId(),
                received, text.body(), stored -> {
                    WriteBatch writes = relay.historyWrites();
                    writes.write(ch, new Ack(text.messageId(), stored.sequence()));
                    if (!stored.duplicate()) {
                        relay.counters().textRelayed.increment();
                        TextFrame stamped = new TextFrame(text.messageId(), stored.sequence(), received,
                                sender.nickname(), target.name(), text.body());
                        relay.counters().deliveries.add(
                                target.fanOut(EncodedFrame.of(stamped, ch.alloc()), sender, true, writes));
                    }
                }, failure -> ch.pipeline().fireExceptionCaught(failure));
        if (!accepted) {
            throw new ProtocolException(ErrorCode.CAPACITY_EXCEEDED, "The relay is overloaded and could not take "
                    + "your message; it will be sent again when you reconnect.");
        }
    }

    private void relayVideo(ChannelHandlerContext ctx, VideoFrame video) {
        int relayed = VideoFrame.payloadLength(member.nickname(), video.content().readableBytes());
        if (relayed > relay.config().frameLimits().maxVideoPayload()) {
            refuseMedia(ctx, FrameType.VIDEO, "with your name added it would be " + relayed + " bytes");
            return;
        }
        relay.counters().videoRelayed.increment();
        fanOutStamped(ctx, video.retainedWith(member.nickname(), toRelayClock(video.captureTimeMicros())));
    }

    /** Forwards the Opus bytes as they came (never decoded), with the sender's name and the relay's clock. */
    private void relayAudio(ChannelHandlerContext ctx, AudioFrame audio) {
        int relayed = AudioFrame.payloadLength(member.nickname(), audio.opus().readableBytes());
        if (relayed > relay.config().frameLimits().maxAudioPayload()) {
            refuseMedia(ctx, FrameType.AUDIO, "with your name added it would be " + relayed + " bytes");
            return;
        }
        relay.counters().audioRelayed.increment();
        fanOutStamped(ctx, audio.retainedWith(member.nickname(), toRelayClock(audio.captureTimeMicros())));
    }

    /** A sender's capture time in the relay's clock, with the sender's clock offset (peer minus relay). */
    private long toRelayClock(long senderMicros) {
        return senderMicros - link.clockOffsetMicros();
    }

    /** Encodes a re-stamped media frame once (releasing it) and writes it to the members that want it. */
    private void fanOutStamped(ChannelHandlerContext ctx, Frame stamped) {
        EncodedFrame encoded;
        try {
            encoded = EncodedFrame.of(stamped, ctx.alloc());
        } finally {
            ReferenceCountUtil.release(stamped);
        }
        relay.counters().deliveries.add(room.fanOut(encoded, member));
    }

    /**
     * A TEXT, VIDEO or AUDIO over the relay's limit, skipped by the framer without being read: a member gets
     * the same notice as for one that would be over the limit once forwarded.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof FrameLengthDecoder.Skipped skipped) {
            if (member == null) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "Received " + skipped.type()
                        + " before HELLO: say HELLO first.");
            }
            String size = "it is " + skipped.payloadLength() + " bytes";
            if (skipped.type() == FrameType.TEXT) {
                refuseText(ctx, skipped.messageId(), size);
            } else {
                refuseMedia(ctx, skipped.type(), size);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Tells the member its TEXT was neither stored nor forwarded, and how long one may be (a notice). */
    private void refuseText(ChannelHandlerContext ctx, long messageId, String size) {
        int limit = relay.config().frameLimits().maxTextPayload();
        int bodyLimit = limit - TextFrame.payloadLength(member.nickname(), room.name(), "");
        ctx.writeAndFlush(new ErrorFrame(ErrorCode.TOO_LARGE_TO_RELAY, "Message " + messageId + " was not sent: "
                + size + ", over the limit of " + limit + " bytes. Leave room for your name and room: at most "
                + bodyLimit + " bytes of text for you here.", messageId));
    }

    /**
     * Tells the member that its VIDEO or AUDIO is dropped, once per connection and kind (a camera would
     * repeat it 30 times a second, a microphone 50), and how large one may be.
     */
    private void refuseMedia(ChannelHandlerContext ctx, FrameType type, String size) {
        if (!toldTooLarge.add(type)) {
            return;
        }
        int limit = relay.config().frameLimits().maxPayload(type);
        boolean video = type == FrameType.VIDEO;
        int room = limit - (video ? VideoFrame.payloadLength(member.nickname(), 0)
                : AudioFrame.payloadLength(member.nickname(), 0));
        ctx.writeAndFlush(new ErrorFrame(ErrorCode.TOO_LARGE_TO_RELAY, (video ? "A video frame" : "An audio packet")
                + " was not sent: " + size + ", over the limit of " + limit + " bytes. Keep "
                + (video ? "JPEG frames" : "Opus packets") + " under " + room + " bytes here ("
                + (video ? "lower the quality or the size" : "lower the bitrate") + ")."));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (replay != null) {
            if (member.replayed()) {
                replay = null; // done: live messages flow through the backpressure queue from here
            } else {
                replay.onWritable();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
        if (member != null && relay.rooms().leave(room, member)) {
            room.fanOut(EncodedFrame.of(new Presence(Presence.Kind.LEFT, room.name(), List.of(member.nickname())),
                    ctx.alloc()), member);
            log.debug("{} left room {}", member.nickname(), room.name());
        }
        ctx.fireChannelInactive();
    }
}
