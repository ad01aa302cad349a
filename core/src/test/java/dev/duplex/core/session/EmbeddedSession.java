package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ConnectionSession} on {@link EmbeddedChannel}s, as grpc-java's {@code NettyHandlerTestBase}
 * tests its handlers: every connection the session dials is a new embedded channel with the
 * session's real pipeline, and all of them share one mock clock with the session's own event loop,
 * so handshakes, deadlines and reconnect delays happen when the test moves the clock: no sockets, no
 * waiting. The test plays the other side: it reads the frames the session wrote and writes frames in.
 */
final class EmbeddedSession implements AutoCloseable {
    static final String TARGET = "relay.test:24100";
    /** What the test's "relay" announces: long, so that no heartbeat gets in the way of a test. */
    static final Duration HEARTBEAT = Duration.ofMinutes(10);

    final MockTicker clock = Ticker.newMockTicker();
    /** The channel whose event loop the session lives on; it carries no connection itself. */
    private final EmbeddedChannel home = EmbeddedChannel.builder().ticker(clock).build();
    final RecordingListener events = new RecordingListener();
    final List<EmbeddedChannel> connections = new ArrayList<>();
    /** Flushes that reached the socket end of each connection, in the order of {@link #connections}. */
    final List<AtomicInteger> flushes = new ArrayList<>();
    /** When the session dialled, by the mock clock (nanoseconds). */
    final List<Long> dialTimes = new ArrayList<>();
    /** Outcomes for the next dials: a failure refuses one; none queued means the dial connects. */
    private final Deque<Throwable> dialFailures = new ArrayDeque<>();
    final ConnectionSession session;

    EmbeddedSession(Role role, TransportConfig config, ReconnectPolicy reconnect) {
        session = new ConnectionSession(role, "alice", role == Role.RELAY_CLIENT ? "lobby" : "", events, config,
                home.eventLoop(), this::dial, reconnect, TARGET, WireFormat.DUPLEX, () -> { });
    }

    /** Lets the next dial fail with {@code cause} (as a refused or timed-out connection does). */
    void refuseNextDial(Throwable cause) {
        dialFailures.add(cause);
    }

    private ChannelFuture dial() {
        dialTimes.add(clock.nanoTime());
        Throwable failure = dialFailures.poll();
        if (failure != null) {
            return home.newFailedFuture(failure);
        }
        AtomicInteger flushed = new AtomicInteger();
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(clock).handlers(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                // Counts the flushes that get past flush consolidation, at the socket end of the pipeline.
                c.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushed.incrementAndGet();
                        ctx.flush();
                    }
                });
                Pipelines.configure(c, session, "relay.test", new SessionHandler(session));
            }
        }).build();
        connections.add(ch);
        flushes.add(flushed);
        return ch.newSucceededFuture();
    }

    /** The status of the session's latest state change. */
    Status lastStatus() {
        return events.statuses.get(events.statuses.size() - 1);
    }

    /** Starts the session: the first dial happens at once. */
    EmbeddedChannel start() {
        session.dial();
        runPending();
        return connection();
    }

    /** The latest connection. */
    EmbeddedChannel connection() {
        return connections.get(connections.size() - 1);
    }

    /** Runs what is due now on the session's loop and on every open connection. */
    void runPending() {
        for (int round = 0; round < 3; round++) {
            home.runPendingTasks();
            home.runScheduledPendingTasks();
            for (EmbeddedChannel ch : List.copyOf(connections)) {
                if (ch.isOpen()) {
                    ch.runPendingTasks();
                    ch.runScheduledPendingTasks();
                }
            }
        }
    }

    /** Moves the clock by {@code by} and runs what became due. */
    void advance(Duration by) {
        clock.advance(by.toNanos(), TimeUnit.NANOSECONDS);
        runPending();
    }

    /** Writes {@code frame} into {@code ch} as the other side would send it (encoded). */
    void receive(EmbeddedChannel ch, Frame frame) {
        ch.writeInbound(FrameCodec.encode(frame, UnpooledByteBufAllocator.DEFAULT));
        runPending();
    }

    /** Welcomes the session as a relay does: WELCOME, then the room's PRESENCE snapshot. */
    void welcome(EmbeddedChannel ch, long historyEpoch, int capabilities, String... others) {
        receive(ch, new Welcome(Wire.PROTOCOL_VERSION, capabilities, "alice", "lobby", HEARTBEAT.toMillis(), 0,
                historyEpoch));
        List<String> names = new ArrayList<>(List.of("alice"));
        names.addAll(List.of(others));
        receive(ch, new Presence(Presence.Kind.SNAPSHOT, "lobby", names));
    }

    /** The next frame the session wrote to {@code ch} (PINGs skipped), or null if none. */
    Frame written(EmbeddedChannel ch) {
        while (true) {
            Object out = ch.readOutbound();
            if (out == null) {
                return null;
            }
            Frame frame;
            try {
                frame = FrameCodec.decode((ByteBuf) out);
            } finally {
                ReferenceCountUtil.release(out);
            }
            if (!(frame instanceof Ping)) {
                return frame;
            }
        }
    }

    /** Every frame the session wrote to {@code ch} so far (PINGs skipped). */
    List<Frame> allWritten(EmbeddedChannel ch) {
        List<Frame> frames = new ArrayList<>();
        for (Frame f = written(ch); f != null; f = written(ch)) {
            frames.add(f);
        }
        return frames;
    }

    @Override
    public void close() {
        for (EmbeddedChannel ch : connections) {
            ch.finishAndReleaseAll();
        }
        home.finishAndReleaseAll();
    }
}
