package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.transport.SlowConsumerException;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.transport.Clock;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending half of text. Every text waits in the bounded {@link Outbox} until the other side
 * acknowledges it (in the lecture's formats, which have no ACK: until it is written). Sends from any
 * thread meet in a queue that one drain task per event-loop turn writes out, with one flush however
 * many arrived meanwhile (as grpc-java's {@code WriteQueue}). After a reconnect the whole outbox is
 * written again, in order, with the same ids: the relay stores and forwards each text once.
 */
final class TextSender implements MediaStream {
    static final String LOST = "The connection was lost before the message was acknowledged.";
    static final String SESSION_CLOSED = "The session is closed: the message may not have been delivered.";

    private final EventLoop loop;
    private final Lifecycle lifecycle;
    private final Participants names;
    private final SessionCounters counters;
    private final Outbox outbox;
    private final int maxTextPayload;
    /** The lecture's formats have no ACK: there a text counts as delivered once written. */
    private final boolean writtenIsDelivered;
    /**
     * Ids count up from a random start below 2^62 (so they never wrap): unique per session, and
     * nothing another client could guess from the clock.
     */
    private final AtomicLong nextMessageId = new AtomicLong(randomMessageIdStart());
    /** Texts sent but not yet handed to a drain; each is also in the outbox, which bounds both. */
    private final Queue<Outbox.Entry> toWrite = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** The handshaken connection, or null (loop only). */
    private Channel channel;

    TextSender(EventLoop loop, Lifecycle lifecycle, Participants names, SessionCounters counters, int maxUnacknowledged,
               int maxTextPayload, boolean writtenIsDelivered) {
        this.loop = loop;
        this.lifecycle = lifecycle;
        this.names = names;
        this.counters = counters;
        this.outbox = new Outbox(maxUnacknowledged);
        this.maxTextPayload = maxTextPayload;
        this.writtenIsDelivered = writtenIsDelivered;
    }

    /** Sends a text (any thread); the future completes when it is delivered, or fails with why not. */
    CompletableFuture<Delivery> send(String body) {
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        // As the relay will forward it (with the name and room it accepted), or as sent in direct mode.
        int payload = TextFrame.payloadLength(names.nickname(), names.room(), body);
        if (payload > maxTextPayload) {
            result.completeExceptionally(new DuplexException(Status.of(Status.Kind.INVALID_ARGUMENT,
                    ErrorCode.FRAME_TOO_LARGE, "The message is too long (" + payload
                            + " bytes with its header; the limit is " + maxTextPayload + ").")));
            return result;
        }
        SessionState state = lifecycle.state();
        if (state == SessionState.CLOSED) {
            result.completeExceptionally(new DuplexException(Status.of(Status.Kind.UNAVAILABLE,
                    "The session is closed: the message was not sent.")));
            return result;
        }
        if (writtenIsDelivered && state != SessionState.CONNECTED) {
            result.completeExceptionally(new DuplexException(Status.of(Status.Kind.UNAVAILABLE, "Not connected ("
                    + state.name().toLowerCase(Locale.ROOT) + "): the message was not sent.")));
            return result;
        }
        Outbox.Entry entry = new Outbox.Entry(nextMessageId.incrementAndGet(), Clock.nowMicros(), body, result);
        if (!outbox.offer(entry)) {
            result.completeExceptionally(new DuplexException(Status.of(Status.Kind.RESOURCE_EXHAUSTED,
                    ErrorCode.SLOW_CONSUMER, "Too many messages are waiting for acknowledgement (" + outbox.size()
                            + "); try again shortly.")));
            return result;
        }
        // Written by the next drain if connected; otherwise it waits in the outbox for the next connection.
        toWrite.add(entry);
        if (drainScheduled.compareAndSet(false, true)) {
            lifecycle.runOnLoop(this::drain);
        }
        return result;
    }

    /** Writes every text sent since the last drain, then flushes once. */
    private void drain() {
        assert loop.inEventLoop();
        // Cleared before polling: a send from now on schedules the next drain.
        drainScheduled.set(false);
        Channel ch = channel;
        boolean wrote = false;
        for (Outbox.Entry entry; (entry = toWrite.poll()) != null; ) {
            if (outbox.get(entry.messageId()) != entry) {
                continue; // acknowledged or failed meanwhile
            }
            if (ch == null) {
                if (writtenIsDelivered) {
                    outbox.fail(entry.messageId(), new DuplexException(Status.of(Status.Kind.UNAVAILABLE,
                            "The message could not be sent: the connection is closed.")));
                }
                continue; // it waits in the outbox for the next connection
            }
            if (entry.writtenTo != ch) {
                write(ch, entry);
                wrote = true;
            }
        }
        if (wrote) {
            ch.flush();
        }
    }

    private void write(Channel ch, Outbox.Entry entry) {
        entry.writtenTo = ch;
        TextFrame frame = new TextFrame(entry.messageId(), 0, entry.timestampMicros(), names.nickname(), names.room(),
                entry.body());
        ch.write(frame).addListener(f -> {
            if (f.isSuccess()) {
                counters.textSent();
                if (writtenIsDelivered) {
                    outbox.acknowledge(entry.messageId(), 0);
                }
            } else if (f.cause() instanceof SlowConsumerException) {
                outbox.fail(entry.messageId(), new DuplexException(Status.of(Status.Kind.RESOURCE_EXHAUSTED,
                        ErrorCode.SLOW_CONSUMER, "The message could not be sent: " + f.cause().getMessage()),
                        f.cause()));
            } else if (writtenIsDelivered) {
                outbox.fail(entry.messageId(), new DuplexException(Status.of(Status.Kind.UNAVAILABLE,
                        "The message could not be sent: " + f.cause().getMessage()), f.cause()));
            }
            // Any other failure is a broken connection: the entry stays for the next connection.
        });
    }

    @Override
    public void connected(Connection connection) {
        assert loop.inEventLoop();
        channel = connection.channel();
        // Unacknowledged texts go out again, in order, with their ids: the relay dedupes.
        boolean wrote = false;
        for (Outbox.Entry entry : outbox.pending()) {
            write(channel, entry);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    @Override
    public void disconnected() {
        assert loop.inEventLoop();
        channel = null;
    }

    /** An ERROR about one of this side's texts (it was refused; the connection stays) fails that send. */
    @Override
    public boolean read(Frame frame) {
        if (frame instanceof ErrorFrame error && error.messageId() != 0 && outbox.get(error.messageId()) != null) {
            outbox.fail(error.messageId(), new DuplexException(Status.of(error.code(), error.message())));
            return true;
        }
        return false;
    }

    /** The other side acknowledged a text (an ACK, or the relay's replay of it): true if it was waiting. */
    boolean acknowledged(long messageId, long roomSequence) {
        return outbox.acknowledge(messageId, roomSequence);
    }

    /** No further connection will carry what waits: it fails. */
    void connectionLostForGood() {
        outbox.failAll(Status.of(Status.Kind.UNAVAILABLE, LOST));
    }

    @Override
    public void closed(Status reason) {
        outbox.failAll(Status.of(reason.is(Status.Kind.CANCELLED) ? Status.Kind.CANCELLED : Status.Kind.UNAVAILABLE,
                SESSION_CLOSED));
    }

    private static long randomMessageIdStart() {
        return (new SecureRandom().nextLong() >>> 2) | 1L << 40;
    }
}
