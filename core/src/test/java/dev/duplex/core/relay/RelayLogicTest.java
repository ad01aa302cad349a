package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.internal.transport.BatchLimits;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's member logic on {@link EmbeddedChannel}s behind the real pipeline, with a mock clock:
 * the HELLO deadline, a text stored then acknowledged and forwarded, a joining member's history
 * before any live message, and the notices of what is too large to relay. The history writer is a real thread; a {@link Turnstile} holds it at each
 * hand-off of its writes, so it touches the channels only while the test waits for it.
 */
class RelayLogicTest {
    private static final int MEMBER_CAPS = Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_HISTORY_END;

    /** Holds the history writer at each hand-off of its batch of writes until the test lets it pass. */
    private static final class Turnstile implements Executor {
        private final Semaphore arrived = new Semaphore(0);
        private final Semaphore go = new Semaphore(0);
        private final Semaphore done = new Semaphore(0);
        private volatile boolean open;

        @Override
        public void execute(Runnable submit) {
            if (!open) {
                arrived.release();
                go.acquireUninterruptibly();
            }
            try {
                submit.run();
            } finally {
                done.release();
            }
        }

        /** Lets one batch through; false if none came within a second. */
        boolean passOne() throws InterruptedException {
            if (!arrived.tryAcquire(1, TimeUnit.SECONDS)) {
                return false;
            }
            go.release();
            done.acquire();
            return true;
        }

        /** Lets everything through from now on (the store is closing). */
        void open() {
            open = true;
            go.release(1_000);
        }
    }

    private final MockTicker clock = Ticker.newMockTicker();
    private final Turnstile turnstile = new Turnstile();
    private final List<EmbeddedChannel> members = new ArrayList<>();
    private RelayCore core;
    private TransportConfig config;

    private void start(TransportConfig transport) {
        config = transport;
        core = new RelayCore(transport, HistoryConfig.DEFAULT, new Rooms(8, 8, Duration.ZERO), null, BatchLimits.DEFAULT, turnstile);
    }

    @AfterEach
    void stop() {
        turnstile.open();
        if (core != null) {
            core.close();
        }
        members.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** A member connection with the relay's pipeline (no TLS or guards), not yet identified. */
    private EmbeddedChannel connect() {
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(clock).handlers(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                DuplexPipeline.configure(c, config, OverflowPolicy.DISCONNECT, new FlowCounters(), core.newMember());
                DuplexPipeline.skipOversizedMedia(c, config.frameLimits());
            }
        }).build();
        members.add(ch);
        return ch;
    }

    private static void send(EmbeddedChannel ch, Frame frame) {
        ch.writeInbound(FrameCodec.encode(frame, UnpooledByteBufAllocator.DEFAULT));
    }

    private EmbeddedChannel join(String nickname) {
        EmbeddedChannel ch = connect();
        send(ch, new Hello(Wire.PROTOCOL_VERSION, MEMBER_CAPS, nickname, "r", Map.of()));
        return ch;
    }

    /** What the relay wrote to {@code ch} so far, PINGs left out. */
    private static List<Frame> written(EmbeddedChannel ch) {
        List<Frame> frames = new ArrayList<>();
        for (Object out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
            try {
                Frame frame = FrameCodec.decode((ByteBuf) out);
                if (!(frame instanceof Ping)) {
                    frames.add(frame);
                }
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
        return frames;
    }

    /**
     * Lets the history writer's batches through, one at a time, until {@code done} (checked between
     * batches, at most 50); fails if the writer has nothing more to hand over first.
     */
    private void historyWritesUntil(BooleanSupplier done) throws InterruptedException {
        for (int batches = 0; !done.getAsBoolean(); batches++) {
            assertThat(batches).as("batches let through").isLessThan(50);
            assertThat(turnstile.passOne()).as("the history writer has writes to hand over").isTrue();
        }
    }

    private static <T extends Frame> List<T> only(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aConnectionThatSaysNoHelloIsClosedAtTheDeadline() {
        start(TransportConfig.builder().helloTimeout(Duration.ofSeconds(2)).build());
        EmbeddedChannel ch = connect();

        clock.advance(1999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
        clock.advance(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertThat(only(written(ch), ErrorFrame.class)).extracting(ErrorFrame::code)
                .containsExactly(ErrorCode.HANDSHAKE_TIMEOUT);
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aTextIsStoredBeforeItIsAcknowledgedAndForwarded() throws Exception {
        start(TransportConfig.DEFAULT);
        EmbeddedChannel alice = join("alice");
        historyWritesUntil(() -> core.rooms().members() == 1 && written(alice).stream().anyMatch(HistoryEnd.class::isInstance));
        EmbeddedChannel bob = join("bob");
        List<Frame> bobFirst = new ArrayList<>();
        historyWritesUntil(() -> bobFirst.addAll(written(bob)) && bobFirst.stream().anyMatch(HistoryEnd.class::isInstance));
        alice.runPendingTasks(); // the announcement of bob's join is a task on alice's loop
        written(alice);

        send(alice, new TextFrame(7, 0, 0, "alice", "r", "hello"));
        assertThat(written(alice)).as("no ACK before the message is stored").isEmpty();
        List<Frame> toAlice = new ArrayList<>();
        historyWritesUntil(() -> toAlice.addAll(written(alice)) && !toAlice.isEmpty());

        assertThat(only(toAlice, Ack.class)).containsExactly(new Ack(7, 1));
        assertThat(only(written(bob), TextFrame.class)).singleElement().satisfies(text -> {
            assertThat(text.sender()).isEqualTo("alice");
            assertThat(text.roomSequence()).isEqualTo(1);
            assertThat(text.body()).isEqualTo("hello");
        });
        assertThat(core.store().messages("r")).extracting(m -> m.body()).containsExactly("hello");
    }

    @Test
    void aJoiningMemberGetsTheWholeHistoryInOrderBeforeAnyLiveMessage() throws Exception {
        // Pages of two messages (a quarter of an 8-frame queue), so the replay takes several.
        start(TransportConfig.builder().maxQueuedMessages(8).build());
        EmbeddedChannel alice = join("alice");
        historyWritesUntil(() -> written(alice).stream().anyMatch(HistoryEnd.class::isInstance));
        CompletableFuture<MessageStore.Appended> stored = new CompletableFuture<>();
        for (int i = 1; i <= 5; i++) {
            core.store().append("r", "carol", "session:carol", i, 0, "old " + i, i == 5 ? stored::complete : a -> { },
                    stored::completeExceptionally);
        }
        stored.join();

        EmbeddedChannel bob = join("bob");
        send(alice, new TextFrame(100, 0, 0, "alice", "r", "live")); // while bob's replay has not been written
        List<Frame> toBob = new ArrayList<>();
        historyWritesUntil(() -> toBob.addAll(written(bob))
                && only(toBob, TextFrame.class).stream().anyMatch(t -> t.body().equals("live")));

        assertThat(toBob.get(0)).isInstanceOf(Welcome.class);
        assertThat(toBob.get(1)).isInstanceOf(Presence.class);
        List<TextFrame> texts = only(toBob, TextFrame.class);
        assertThat(texts).extracting(TextFrame::roomSequence).as("every message once, in sequence order")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(texts).extracting(TextFrame::body).endsWith("live");
        int end = toBob.indexOf(only(toBob, HistoryEnd.class).get(0));
        for (TextFrame text : texts) {
            boolean replayed = toBob.indexOf(text) < end;
            assertThat(replayed || text.roomSequence() > only(toBob, HistoryEnd.class).get(0).roomSequence())
                    .as("nothing live before what the replay covers").isTrue();
        }
        assertThat(texts.subList(0, 5)).allMatch(t -> toBob.indexOf(t) < end);
    }

    @Test
    void theHistoryWritesBelongToTheHistoryThreadAlone() {
        start(TransportConfig.DEFAULT);
        assertThatThrownBy(() -> core.historyWrites()).as("called from the test thread")
                .isInstanceOf(AssertionError.class).hasMessageContaining("history writer thread");
    }
    @Test
    void aMemberIsToldOfEachTextTooLargeToRelayAndOfVideoAndOfAudioOnce() throws Exception {
        // Each kind twice: once within the wire limit but over it with the name added, once over it on
        // the wire (skipped by the framer). The notices are made at the first; the state they keep holds.
        int limit = 1024;
        int audioLimit = FrameLimits.MIN_AUDIO_PAYLOAD;
        start(TransportConfig.builder().frameLimits(FrameLimits.DEFAULT.withMaxTextPayload(limit)
                .withMaxVideoPayload(limit).withMaxAudioPayload(audioLimit)).build());
        EmbeddedChannel alice = join("alice");
        historyWritesUntil(() -> written(alice).stream().anyMatch(HistoryEnd.class::isInstance));

        send(alice, new TextFrame(1, 0, 0, "", "", "x".repeat(limit - TextFrame.payloadLength("", "", ""))));
        send(alice, new TextFrame(2, 0, 0, "", "", "x".repeat(limit)));
        for (int size : new int[] {limit - VideoFrame.payloadLength("", 0), limit}) {
            send(alice, new VideoFrame(size, 0, 4, 3, "", Unpooled.wrappedBuffer(new byte[size])));
        }
        for (int size : new int[] {audioLimit - AudioFrame.payloadLength("", 0), audioLimit}) {
            send(alice, new AudioFrame(size, 0, "", Unpooled.wrappedBuffer(new byte[size])));
        }

        List<ErrorFrame> notices = only(written(alice), ErrorFrame.class);
        assertThat(notices).extracting(ErrorFrame::code).containsOnly(ErrorCode.TOO_LARGE_TO_RELAY);
        assertThat(notices).extracting(ErrorFrame::message).satisfiesExactly(
                m -> assertThat(m).startsWith("Message 1 was not sent: with your name and room added"),
                m -> assertThat(m).startsWith("Message 2 was not sent: it is"),
                m -> assertThat(m).startsWith("A video frame was not sent: with your name added"),
                m -> assertThat(m).startsWith("An audio packet was not sent: with your name added"));
        assertThat(alice.isActive()).as("a notice, not a close").isTrue();
        assertThat(core.store().messages("r")).isEmpty();
    }
}
