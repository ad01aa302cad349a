package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.Wire;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The receiving half of text: shows each text once however often it arrives (a replay, a resend
 * after a reconnect: {@link ReceivedTexts}), acknowledges a direct peer's texts, marks what the
 * relay replays from its history until its HISTORY_END, and takes the ACKs of this side's own texts
 * (their room sequence tells where to resume). Confined to the session's event loop.
 */
final class TextReceiver implements MediaStream {
    private final EventLoop loop;
    private final Role role;
    private final boolean lecture;
    private final Participants names;
    private final TextSender sender;
    private final SessionCounters counters;
    private final Events events;
    private final ReceivedTexts received = new ReceivedTexts();
    private Channel channel;
    /** Texts arriving now are the relay's replay of history (until its HISTORY_END). */
    private boolean replaying;

    TextReceiver(EventLoop loop, Role role, boolean lecture, Participants names, TextSender sender,
                 SessionCounters counters, Events events) {
        this.loop = loop;
        this.role = role;
        this.lecture = lecture;
        this.names = names;
        this.sender = sender;
        this.counters = counters;
        this.events = events;
    }

    /** The room sequence to resume the history after, once a relay with a history welcomed this session. */
    OptionalLong resumeAfter() {
        return received.canResume() ? OptionalLong.of(received.lastSequence()) : OptionalLong.empty();
    }

    /** The other side's WELCOME named its history (0: none); a different one than before voids old sequences. */
    void welcomed(long historyEpoch) {
        assert loop.inEventLoop();
        received.onWelcome(historyEpoch);
    }

    @Override
    public void connected(Connection connection) {
        assert loop.inEventLoop();
        channel = connection.channel();
        replaying = role == Role.RELAY_CLIENT && connection.peerHas(Hello.CAP_HISTORY_END);
    }

    @Override
    public void disconnected() {
        assert loop.inEventLoop();
        channel = null;
    }

    @Override
    public boolean read(Frame frame) {
        assert loop.inEventLoop();
        if (frame instanceof TextFrame text) {
            onText(text);
        } else if (frame instanceof Ack ack) {
            received.sawSequence(ack.roomSequence());
            sender.acknowledged(ack.messageId(), ack.roomSequence());
        } else if (frame instanceof HistoryEnd end && role == Role.RELAY_CLIENT) {
            received.sawSequence(end.roomSequence());
            replaying = false;
        } else {
            return false;
        }
        return true;
    }

    private void onText(TextFrame text) {
        if (role.acknowledgesText && !lecture) {
            channel.writeAndFlush(new Ack(text.messageId(), 0), channel.voidPromise());
        }
        String sender = names.senderOf(text.sender());
        if (!received.firstTime(text.roomSequence(), sender, text.messageId())) {
            return;
        }
        if (text.sender().equals(names.nickname()) && this.sender.acknowledged(text.messageId(), text.roomSequence())) {
            return; // our own message, replayed before its ACK came: that is its acknowledgement
        }
        counters.textReceived(Wire.utf8Length(text.body()));
        events.text(new TextMessage(text.messageId(), text.roomSequence(), sender, text.room(), text.body(),
                toInstant(text.timestampMicros()), replaying));
    }

    @Override
    public void closed(Status reason) {
        // Nothing held: what was shown stays shown.
    }

    private static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
