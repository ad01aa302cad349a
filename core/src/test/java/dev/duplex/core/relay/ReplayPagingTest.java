package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.testing.MemorySampler;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A joining member's history is written page by page as its connection takes it, with live
 * messages in order behind it: a member that reads is never called slow, however much it missed,
 * and one that does not read holds about one page of the relay's memory. The replay ends with a
 * mark (for members that ask for it), and texts carry the relay's clock.
 */
class ReplayPagingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BODY_60K = "x".repeat(60_000);

    private RelayServer relay;
    private final List<Session> sessions = new ArrayList<>();

    private void start(TransportConfig config, HistoryConfig history) {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(config).historyConfig(history).build()
                .start();
    }

    @AfterEach
    void stop() {
        sessions.forEach(Session::close);
        if (relay != null) {
            relay.close();
        }
    }

    private void storeMissed(int count) {
        CompletableFuture<MessageStore.Appended> last = new CompletableFuture<>();
        for (int i = 1; i <= count; i++) {
            CompletableFuture<MessageStore.Appended> done = i == count ? last : new CompletableFuture<>();
            assertThat(relay.store().append("r", "alice", "session:alice", i, 1, BODY_60K + i, done::complete,
                    done::completeExceptionally)).isTrue();
        }
        last.join();
    }

    private RawDuplexSocket returning(long resume, int receiveBuffer) throws Exception {
        RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), receiveBuffer);
        raw.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT | Hello.CAP_HISTORY_END, "bob", "r",
                Map.of(Hello.ATTR_RESUME, Long.toString(resume))));
        return raw;
    }

    /** Reads until {@code count} TEXT frames came, failing on any ERROR; returns their room sequences. */
    private static List<Long> readTexts(RawDuplexSocket raw, int count) throws Exception {
        List<Long> sequences = new ArrayList<>();
        while (sequences.size() < count) {
            Frame f = raw.read();
            assertThat(f).as("after %d texts", sequences.size()).isNotInstanceOf(ErrorFrame.class);
            if (f instanceof TextFrame t) {
                sequences.add(t.roomSequence());
            }
            ReferenceCountUtil.release(f);
        }
        return sequences;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aReturningMemberGetsEveryMissedMessageWithoutBeingCalledSlow() throws Exception {
        start(TransportConfig.DEFAULT, HistoryConfig.DEFAULT);
        storeMissed(100);
        try (RawDuplexSocket bob = returning(0, 0)) {
            assertThat(readTexts(bob, 100)).containsExactlyElementsOf(range(1, 100));
            assertThat(bob.readUntil(HistoryEnd.class).roomSequence()).isEqualTo(100);
            bob.send(new Ping(5));
            assertThat(bob.readUntil(Pong.class).echoedSendTimeMicros()).isEqualTo(5);
        }
    }

    @Test
    void aNewcomerWithALargeRecentOnJoinGetsAllOfItMarkedAsHistory() {
        start(TransportConfig.DEFAULT, new HistoryConfig(10_000, Duration.ofDays(1), 500, 200, 10_000, 256));
        storeMissed(200);
        RecordingListener bobSees = new RecordingListener();
        Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").listener(bobSees)
                .connect().join();
        sessions.add(bob);
        await().atMost(WAIT).until(() -> bobSees.texts.size() == 200);
        assertThat(bobSees.texts).extracting(TextMessage::roomSequence).containsExactlyElementsOf(range(1, 200));
        assertThat(bobSees.texts).allMatch(TextMessage::replayed);
        assertThat(bobSees.errors).isEmpty();
        assertThat(bobSees.states).containsOnly(SessionState.CONNECTED);
    }

    @Test
    void aStalledReturningMemberHoldsAboutOnePageAndLiveMessagesFollowTheReplayInOrder() throws Exception {
        UnpooledByteBufAllocator relayMemory = new UnpooledByteBufAllocator(true);
        start(TransportConfig.builder().allocator(relayMemory).build(), HistoryConfig.DEFAULT);
        storeMissed(100);
        Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("r").connect().join();
        sessions.add(alice);
        MemorySampler sampler = new MemorySampler(relayMemory);
        sampler.start();
        try (RawDuplexSocket bob = returning(0, 16 * 1024)) {
            // Bob does not read: its connection fills and the relay stops writing to it.
            await().atMost(WAIT).until(() -> relay.guardCounters().readPauses() > 0);
            for (int i = 1; i <= 20; i++) {
                alice.sendText("live " + i).join();
            }
            sampler.stop();
            System.out.printf("stalled replay: relay peak memory %.2f MiB for 100 x 60 KB missed%n",
                    sampler.peakBytes() / 1048576.0);
            assertThat(sampler.peakBytes()).as("about the write buffer's high mark (1 MiB) and a page (256 KiB), "
                    + "not the whole replay (6 MB)").isLessThan(2L * 1024 * 1024);

            assertThat(readTexts(bob, 120)).as("history, then the live ones, each once")
                    .containsExactlyElementsOf(range(1, 120));
        }
    }

    @Test
    void historyEndSeparatesHistoryFromLiveAndTextsCarryTheRelaysClock() throws Exception {
        start(TransportConfig.DEFAULT, HistoryConfig.DEFAULT);
        RecordingListener bobSees = new RecordingListener();
        try (RawDuplexSocket carol = RawDuplexSocket.connect(relay.port(), 0).hello("carol", "r")) {
            carol.readUntil(Welcome.class);
            for (int i = 1; i <= 3; i++) {
                carol.send(new TextFrame(i, 0, 1, "", "", "old " + i)); // a sender's clock says 1970
            }
            await().atMost(WAIT).until(() -> relay.history().messages("r").size() == 3);
            Instant joined = Instant.now();
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").listener(bobSees)
                    .connect().join();
            sessions.add(bob);
            carol.send(new TextFrame(4, 0, 1, "", "", "live"));
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 4);
            assertThat(bobSees.texts).extracting(TextMessage::replayed).containsExactly(true, true, true, false);
            assertThat(bobSees.texts).allSatisfy(t -> assertThat(t.timestamp())
                    .isBetween(joined.minusSeconds(60), Instant.now().plusSeconds(1)));

            try (RawDuplexSocket marked = RawDuplexSocket.connect(relay.port(), 0);
                 RawDuplexSocket unmarked = RawDuplexSocket.connect(relay.port(), 0)) {
                marked.send(new Hello(1, Hello.CAP_TEXT | Hello.CAP_HISTORY_END, "dan", "r", Map.of()));
                assertThat(marked.readUntil(Welcome.class).capabilities() & Hello.CAP_HISTORY_END).isNotZero();
                assertThat(readTexts(marked, 4)).containsExactly(1L, 2L, 3L, 4L);
                assertThat(marked.read()).isEqualTo(new HistoryEnd(4));

                unmarked.send(new Hello(1, Hello.CAP_TEXT, "eve", "r", Map.of()));
                assertThat(readTexts(unmarked, 4)).containsExactly(1L, 2L, 3L, 4L);
                unmarked.send(new Ping(6));
                Frame next;
                while (!((next = unmarked.read()) instanceof Pong)) {
                    assertThat(next).as("no mark for a member that did not ask").isNotInstanceOf(HistoryEnd.class);
                }
            }
        }
    }
}
