package dev.duplex.core.relay;

import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameLengthDecoder;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Handshakes;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.internal.transport.BackpressureHandler;
import dev.duplex.core.internal.transport.Handshake;
import dev.duplex.core.internal.transport.HeartbeatHandler;
import dev.duplex.core.internal.transport.LinkStats;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.transport.Clock;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    /** What the relay advertises in WELCOME: it forwards text, video and audio and marks the end of a replay. */
    private static final int CAPABILITIES = Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_AUDIO | Hello.CAP_HISTORY_END;
    /** What a connection replaced by its own session's newer one is told. */
    static final String REPLACED = "Your session connected again; this older connection is closed.";

    private final RelayCore relay;
    private Member member;
    private Room room;
    /** HELLO was read and the engine has not answered the claim yet. */
    private boolean joining;
    /** The member's heartbeat measurements (its clock offset re-stamps its video). */
    private LinkStats link;
    private ScheduledFuture<?> helloDeadline;
    /** The member's history replay while it runs; null without one. */
    private HistoryReplay replay;
    /** Made when the member first sends something too large: most never do. */
    private OversizeNotices oversize;

    RelayMemberHandler(RelayCore relay) {
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
            if (joining) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "Received " + frame.type()
                        + " before WELCOME: wait for the relay's answer to HELLO.");
            }
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
        } else if (frame instanceof VideoReceipt receipt) {
            // Paces what this relay forwards to the member (CAP_RELAY_RECEIPTS); never forwarded to
            // the sender, and tolerated (ignored) from a member the relay does not pace.
            BackpressureHandler backpressure = ctx.pipeline().get(BackpressureHandler.class);
            if (backpressure != null) {
                backpressure.receipt(receipt.sender(), receipt.sequence());
            }
        } else if (!(frame instanceof Ack)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "A client may not send " + frame.type()
                    + " after the handshake.");
        }
    }

    private void join(ChannelHandlerContext ctx, Hello hello) {
        log.debug("{} says {}", ctx.channel().remoteAddress(), hello); // Hello.toString leaves secrets out
        Handshakes.checkHello(hello, true);
        long resume = HistoryReplay.resumePosition(hello); // refused before anything of the join happens
        // From here on the names as people see them: NFC (the room compares nicknames in lower case too).
        String nickname = Names.normalize(hello.nickname());
        String normalizedRoom = Names.normalize(hello.room());
        Room here = relay.rooms().get(normalizedRoom);
        // The room's own name when it exists: one string per room, not one per member, for the connection's life.
        String roomName = here != null ? here.name() : normalizedRoom;
        Member candidate = new Member(nickname, ctx.channel(), hello.attributes().get(Hello.ATTR_SESSION),
                hello.capabilities());
        PresenceClaim request = candidate.claim(roomName, here == null || here.member(candidate.key()) == null);
        joining = true;
        // The engine answers at once (single node) or when the cluster has (then on another thread).
        relay.engine().claim(request, result -> {
            if (ctx.executor().inEventLoop()) {
                claimed(ctx, hello, candidate, request, result, resume);
            } else {
                ctx.executor().execute(() -> claimed(ctx, hello, candidate, request, result, resume));
            }
        });
    }

    /** The engine answered the member's claim to its nickname: join the room here, or refuse. */
    private void claimed(ChannelHandlerContext ctx, Hello hello, Member candidate, PresenceClaim request,
                         PresenceClaim.Result result, long resume) {
        joining = false;
        boolean claimedHere = result.outcome() == PresenceClaim.Outcome.JOINED
                || result.outcome() == PresenceClaim.Outcome.TAKEN_OVER;
        if (!ctx.channel().isActive()) {
            if (claimedHere) {
                relay.engine().release(request);
            }
            return;
        }
        String nickname = candidate.nickname();
        String roomName = request.room();
        switch (result.outcome()) {
            case NICKNAME_TAKEN -> {
                refuse(ctx, null, nicknameTaken(nickname, roomName));
                return;
            }
            case FULL -> {
                refuse(ctx, null, roomFull(roomName));
                return;
            }
            case UNAVAILABLE -> {
                refuse(ctx, null, new ProtocolException(ErrorCode.CAPACITY_EXCEEDED, "This relay cannot reach its "
                        + "cluster now; try another relay or again shortly."));
                return;
            }
            default -> {
                // JOINED, TAKEN_OVER: the nickname is this member's; now the room here.
            }
        }
        // A session taken over from another relay is known to the room already: no JOINED for it.
        Rooms.Joined joined = relay.rooms().join(roomName, candidate,
                result.outcome() != PresenceClaim.Outcome.TAKEN_OVER);
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
            case NICKNAME_TAKEN -> {
                refuse(ctx, request, nicknameTaken(nickname, roomName));
                return;
            }
            case FULL -> {
                refuse(ctx, request, joined.room() == null ? new ProtocolException(ErrorCode.CAPACITY_EXCEEDED,
                        "The relay has no room for another room; try an existing one or later.") : roomFull(roomName));
                return;
            }
            case JOINED -> {
                link = HeartbeatHandler.linkStats(ctx.channel());
                member = candidate;
                room = joined.room();
            }
        }
        int videoWindow = relay.config().relayVideoWindow();
        BackpressureHandler backpressure = ctx.pipeline().get(BackpressureHandler.class);
        if (videoWindow > 0 && backpressure != null && (hello.capabilities() & Hello.CAP_VIDEO_RECEIPTS) != 0) {
            backpressure.paceVideoByReceipts(videoWindow, link);
        }
        // Cancelled is not enough: a task kept referenced would stay on the heap for the connection's life.
        helloDeadline.cancel(false);
        helloDeadline = null;
        int capabilities = CAPABILITIES | (videoWindow > 0 ? Hello.CAP_RELAY_RECEIPTS : 0);
        ctx.write(new Welcome(Wire.PROTOCOL_VERSION, capabilities, member.nickname(), room.name(),
                relay.config().heartbeatInterval().toMillis(), Clock.nowMicros(), result.epoch()));
        ctx.writeAndFlush(new Presence(Presence.Kind.SNAPSHOT, room.name(),
                result.members() != null ? result.members() : room.nicknames()));
        room.announceJoins(ctx.executor()); // a session that came back here was not queued: nobody hears of it
        if (result.notice() != null) {
            ctx.writeAndFlush(new ErrorFrame(ErrorCode.CLUSTER_DEGRADED, result.notice()));
        }
        ctx.pipeline().fireUserEventTriggered(new Handshake(relay.config().heartbeatInterval()));
        if (!member.wants(FrameType.TEXT)) {
            member.markReplayed(0); // no texts: no history either
        } else {
            // Let go of it once written: a connection lives for hours, its replay for a moment.
            replay = new HistoryReplay(relay, ctx.channel(), member, room.name(),
                    (hello.capabilities() & Hello.CAP_HISTORY_END) != 0, () -> replay = null);
            if (!replay.start(resume, result.position())) {
                ctx.fireExceptionCaught(new ProtocolException(ErrorCode.CAPACITY_EXCEEDED,
                        "The relay is overloaded; try again shortly."));
                return;
            }
        }
        log.debug("{} joined room {} from {}", member.nickname(), room.name(), ctx.channel().remoteAddress());
    }

    private static ProtocolException nicknameTaken(String nickname, String roomName) {
        return new ProtocolException(ErrorCode.NICKNAME_TAKEN, "The nickname '" + nickname
                + "' is already used in room '" + roomName + "': choose another.");
    }

    private static ProtocolException roomFull(String roomName) {
        return new ProtocolException(ErrorCode.CAPACITY_EXCEEDED, "Room '" + roomName
                + "' is full; try later or another room.");
    }

    /** Refuses the join with {@code error} (an ERROR and a close), giving back the claim if one was made. */
    private void refuse(ChannelHandlerContext ctx, PresenceClaim made, ProtocolException error) {
        if (made != null) {
            relay.engine().release(made);
        }
        ctx.fireExceptionCaught(error);
    }

    /**
     * Stores the message first; the ACK and then the fan-out (in room order, from the engine) follow
     * the commit, on the engine's callback thread, collected in its batch and sent when the whole
     * committed batch is done.
     */
    private void relayText(ChannelHandlerContext ctx, TextFrame text) {
        Member sender = member;
        Room target = room;
        Channel ch = ctx.channel();
        int relayed = TextFrame.payloadLength(sender.nickname(), target.name(), text.body());
        if (relayed > relay.config().frameLimits().maxTextPayload()) {
            oversize().text(ctx, sender.nickname(), target.name(), text.messageId(), "with your name and room added it would be " + relayed + " bytes");
            return;
        }
        target.announcePending(); // every receiver hears of the sender's join before its message
        // The relay's clock, not the sender's: the same for every receiver and in the history.
        long received = Clock.nowMicros();
        boolean accepted = relay.engine().append(target.name(), sender.nickname(), sender.senderKey(),
                text.messageId(), received, text.body(), stored -> {
                    sender.acknowledge(new Ack(text.messageId(), stored.sequence()), relay.historyWrites());
                    if (!stored.duplicate()) {
                        relay.counters().textRelayed.increment();
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
            oversize().video(ctx, member.nickname(), "with your name added it would be " + relayed + " bytes");
            return;
        }
        relay.counters().videoRelayed.increment();
        fanOutStamped(ctx, video.retainedWith(member.nickname(), toRelayClock(video.captureTimeMicros())));
    }

    /** Forwards the Opus bytes as they came (never decoded), with the sender's name and the relay's clock. */
    private void relayAudio(ChannelHandlerContext ctx, AudioFrame audio) {
        int relayed = AudioFrame.payloadLength(member.nickname(), audio.opus().readableBytes());
        if (relayed > relay.config().frameLimits().maxAudioPayload()) {
            oversize().audio(ctx, member.nickname(), "with your name added it would be " + relayed + " bytes");
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
        relay.engine().publishMedia(room.name(), encoded);
        relay.counters().deliveries.add(room.fanOut(encoded, member));
    }

    /**
     * A TEXT or VIDEO over the relay's limit, skipped by the framer without being read: a member gets
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
            switch (skipped.type()) {
                case TEXT -> oversize().text(ctx, member.nickname(), room.name(), skipped.messageId(), size);
                case AUDIO -> oversize().audio(ctx, member.nickname(), size);
                default -> oversize().video(ctx, member.nickname(), size);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private OversizeNotices oversize() {
        if (oversize == null) {
            oversize = new OversizeNotices(relay.config().frameLimits());
        }
        return oversize;
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
        if (member != null && relay.rooms().leave(room, member) && !member.evicted()) {
            relay.engine().release(member.claim(room.name(), false));
            room.announceLeft(member, ctx.alloc());
            log.debug("{} left room {}", member.nickname(), room.name());
        }
        ctx.fireChannelInactive();
    }
}
