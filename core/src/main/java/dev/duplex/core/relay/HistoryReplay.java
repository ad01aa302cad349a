package dev.duplex.core.relay;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.transport.WriteBatch;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.history.StoredMessage;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.Channel;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One joining member's history replay, written page by page as its connection takes it: a page is
 * read on the history thread and written in the relay's history batch; once it is in the
 * channel's buffer the next page is asked for at once if the channel is still writable, else when
 * it becomes writable again ({@link #onWritable}). So a member that reads is never sent more than
 * its queues hold, and one that does not read holds one page of the relay's memory. Live messages
 * reach the member only once a page finds nothing stored after it ({@link Member#markReplayed()},
 * on the history thread, before any later message's fan-out), so they follow the replay in order.
 * <p>
 * A page holds at most a quarter of the receiver queue's frames and a sixteenth of its bytes
 * ({@link TransportConfig#maxQueuedMessages()}, {@link TransportConfig#maxQueuedBytes()}: 256
 * messages and 256 KiB by default), so it always fits that queue with room to spare. Stored messages
 * that would be over the relay's text limit once forwarded are left out, and counted in a notice.
 * <p>
 * The cursor moves between the history thread and the member's event loop, one hand-off at a time
 * (each a task, so each side sees the other's writes).
 */
final class HistoryReplay {
    private static final Logger log = LoggerFactory.getLogger(HistoryReplay.class);
    private static final Pattern RESUME_GRAMMAR = Pattern.compile("[0-9]{1,19}");
    /** A page takes at most 1/4 of the receiver queue's frames and 1/16 of its bytes. */
    private static final int PAGE_SHARE_OF_QUEUED_MESSAGES = 4;
    private static final int PAGE_SHARE_OF_QUEUED_BYTES = 16;

    private final RelayCore relay;
    private final Channel channel;
    private final Member member;
    private final String room;
    private final boolean marked;
    private final int pageMessages;
    private final int pageBytes;
    private long position;
    private long leftOut;
    /** On the loop: a page was written and the channel was full; the next one waits for writability. */
    private boolean waiting;
    /** Runs on the member's loop once the last page is in the channel's buffer. */
    private final Runnable done;

    /**
     * @param marked whether the member asked for a {@link HistoryEnd} after the replay
     * @param done   runs on the member's event loop once the replay is written (the handler lets go of it)
     */
    HistoryReplay(RelayCore relay, Channel channel, Member member, String room, boolean marked, Runnable done) {
        this.done = done;
        this.relay = relay;
        this.channel = channel;
        this.member = member;
        this.room = room;
        this.marked = marked;
        TransportConfig config = relay.config();
        this.pageMessages = Math.max(1, config.maxQueuedMessages() / PAGE_SHARE_OF_QUEUED_MESSAGES);
        this.pageBytes = Math.max(1, config.maxQueuedBytes() / PAGE_SHARE_OF_QUEUED_BYTES);
    }

    /**
     * The "resume" attribute: the last room sequence the client has, or -1 for a first-time client.
     * Its grammar: 1 to 19 ASCII digits, at most {@link Long#MAX_VALUE}; nothing else (no sign, no space).
     */
    static long resumePosition(Hello hello) {
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
     * Asks for the first page: what came after {@code resume}, or a newcomer's recent history when
     * {@code resume < 0}; the newest of those counted back from {@code joinedAt}, the room's position
     * when the member's claim was made (-1: unknown), and everything after it.
     *
     * @return false if the history is overloaded
     */
    boolean start(long resume, long joinedAt) {
        log.debug("{} in {}: replay after {} (joined at {})", member.nickname(), room, resume, joinedAt);
        return relay.engine().replay(room, resume, joinedAt, pageMessages, pageBytes, this::onPage);
    }

    /** On the history thread: writes the page, then either hands over to live delivery or waits to ask again. */
    private void onPage(MessageStore.ReplayPage page) {
        WriteBatch writes = relay.historyWrites();
        if (page.unreadable()) {
            // Not live before the replay is whole: the member reconnects and resumes where it is.
            writes.execute(channel, () -> channel.pipeline().fireExceptionCaught(new ProtocolException(
                    ErrorCode.CAPACITY_EXCEEDED, "The relay could not read this room's history; reconnect shortly "
                    + "to get the rest of it.")));
            return;
        }
        if (page.skipped() > 0) {
            log.debug("{} in {}: {} missed messages skipped", member.nickname(), room, page.skipped());
            writes.write(channel, new ErrorFrame(ErrorCode.HISTORY_TRUNCATED, "You missed " + (page.skipped()
                    + relay.historyConfig().maxReplay()) + " messages while away; here are the newest "
                    + relay.historyConfig().maxReplay() + "."));
        }
        int limit = relay.config().frameLimits().maxTextPayload();
        for (StoredMessage m : page.messages()) {
            position = m.sequence();
            if (TextFrame.payloadLength(m.sender(), m.room(), m.body()) > limit) {
                leftOut++; // stored under larger limits: the member could not take it
                continue;
            }
            writes.write(channel, new TextFrame(m.messageId(), m.sequence(), m.timestampMicros(), m.sender(), m.room(),
                    m.body()));
        }
        if (!page.complete()) {
            writes.execute(channel, this::pageWritten);
            return;
        }
        if (leftOut > 0) {
            writes.write(channel, new ErrorFrame(ErrorCode.HISTORY_TRUNCATED, leftOut + (leftOut == 1
                    ? " message of this room's history is larger than this relay now allows and was left out."
                    : " messages of this room's history are larger than this relay now allows and were left out.")));
        }
        if (marked) {
            writes.write(channel, new HistoryEnd(page.lastSequence()));
        }
        log.debug("{} in {}: replay written through {} (its last message: {})", member.nickname(), room,
                page.lastSequence(), position);
        member.markReplayed(page.lastSequence());
        member.ackDeferred(writes);
        writes.execute(channel, done);
    }

    /** On the loop, once the page is in the channel's buffer. */
    private void pageWritten() {
        if (!channel.isActive()) {
            return;
        }
        if (channel.isWritable()) {
            next();
        } else {
            waiting = true;
        }
    }

    /** On the loop: the channel's writability changed. */
    void onWritable() {
        if (waiting && channel.isWritable() && channel.isActive()) {
            waiting = false;
            next();
        }
    }

    private void next() {
        if (!relay.engine().replayPage(room, position, pageMessages, pageBytes, this::onPage)) {
            channel.pipeline().fireExceptionCaught(new ProtocolException(ErrorCode.CAPACITY_EXCEEDED,
                    "The relay is overloaded; reconnect shortly to get the rest of the history."));
        }
    }
}
