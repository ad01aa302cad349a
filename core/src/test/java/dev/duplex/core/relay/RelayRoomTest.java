package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.EventLoops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rooms over real loopback sockets: fan-out to many, presence, names. */
class RelayRoomTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventLoops loops;
    private RelayServer relay;
    private final List<Session> sessions = new ArrayList<>();

    @BeforeEach
    void startRelay() {
        loops = EventLoops.create(2, "test-clients");
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).build().start();
    }

    @AfterEach
    void stop() {
        sessions.forEach(Session::close);
        relay.close();
        loops.close();
    }

    private Session join(String nick, String room, RecordingListener listener) {
        Session s = DuplexClient.builder().port(relay.port()).nickname(nick).room(room).listener(listener)
                .eventLoops(loops).connect().join();
        sessions.add(s);
        return s;
    }

    @Test
    void tenClientsEachReceiveEveryOtherClientsTextAndVideoInSenderOrder() {
        int n = 10;
        int perSender = 20;
        List<RecordingListener> listeners = new ArrayList<>();
        List<Session> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecordingListener l = new RecordingListener();
            listeners.add(l);
            clients.add(join("user" + i, "big", l));
        }
        await().atMost(WAIT).until(() -> clients.get(0).participants().size() == n);
        for (int m = 0; m < perSender; m++) {
            for (int i = 0; i < n; i++) {
                clients.get(i).sendText("msg " + m + " from user" + i);
            }
        }
        byte[] jpeg = new byte[10_000];
        clients.get(3).sendVideo(320, 240, 1, jpeg);
        int expectedTexts = (n - 1) * perSender;
        for (int i = 0; i < n; i++) {
            RecordingListener l = listeners.get(i);
            await().atMost(WAIT).until(() -> l.texts.size() == expectedTexts);
            for (int s = 0; s < n; s++) {
                String sender = "user" + s;
                List<String> fromSender = l.texts.stream().filter(t -> t.sender().equals(sender))
                        .map(TextMessage::body).toList();
                List<String> expected = s == i ? List.of()
                        : IntStream.range(0, perSender).mapToObj(m -> "msg " + m + " from " + sender).toList();
                assertThat(fromSender).as("user%d sees %s in order", i, sender).isEqualTo(expected);
            }
            if (i != 3) {
                await().atMost(WAIT).until(() -> l.videos.size() == 1);
                assertThat(l.videos.get(0).sender()).isEqualTo("user3");
            }
        }
        assertThat(listeners.get(3).videos).as("no echo to the sender").isEmpty();
        RelayStats stats = relay.stats();
        assertThat(stats.textRelayed()).isEqualTo((long) n * perSender);
        assertThat(stats.members()).isEqualTo(n);
    }

    @Test
    void roomSequenceNumbersAreConsecutivePerRoom() {
        RecordingListener bob = new RecordingListener();
        Session alice = join("alice", "seq", new RecordingListener());
        join("bob", "seq", bob);
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acked.add(alice.sendText("m" + i).join().roomSequence());
        }
        assertThat(acked).containsExactly(1L, 2L, 3L, 4L, 5L);
        await().atMost(WAIT).until(() -> bob.texts.size() == 5);
        assertThat(bob.texts).extracting(TextMessage::roomSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void roomsAreIsolated() {
        RecordingListener inOther = new RecordingListener();
        Session a = join("alice", "one", new RecordingListener());
        join("bob", "one", new RecordingListener());
        join("carol", "two", inOther);
        a.sendText("only for room one").join();
        a.sendVideo(1, 1, 1, new byte[] {1});
        Session probe = join("dave", "two", new RecordingListener());
        probe.sendText("sync").join();
        await().atMost(WAIT).until(() -> inOther.texts.size() == 1);
        assertThat(inOther.bodies()).containsExactly("sync");
        assertThat(inOther.videos).isEmpty();
    }

    @Test
    void presenceAnnouncesSnapshotJoinAndLeave() {
        RecordingListener aliceSees = new RecordingListener();
        Session alice = join("alice", "p", aliceSees);
        await().atMost(WAIT).until(() -> aliceSees.presence.size() == 1);
        assertThat(aliceSees.presence.get(0).kind()).isEqualTo(PresenceEvent.Kind.SNAPSHOT);
        assertThat(aliceSees.presence.get(0).nicknames()).containsExactly("alice");

        RecordingListener bobSees = new RecordingListener();
        Session bob = join("bob", "p", bobSees);
        await().atMost(WAIT).until(() -> aliceSees.presence.size() == 2);
        assertThat(aliceSees.presence.get(1)).isEqualTo(new PresenceEvent(PresenceEvent.Kind.JOINED, "p", List.of("bob")));
        assertThat(bobSees.presence.get(0).nicknames()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(alice.participants()).containsExactlyInAnyOrder("alice", "bob");

        bob.close();
        await().atMost(WAIT).until(() -> aliceSees.presence.size() == 3);
        assertThat(aliceSees.presence.get(2)).isEqualTo(new PresenceEvent(PresenceEvent.Kind.LEFT, "p", List.of("bob")));
        assertThat(alice.participants()).containsExactly("alice");
        assertThat(bob.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void takenNicknameFailsTheConnectWithASentence() {
        join("alice", "names", new RecordingListener());
        assertThatThrownBy(() -> DuplexClient.builder().port(relay.port()).nickname("alice").room("names")
                .eventLoops(loops).connect().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DuplexException.class)
                .hasMessage("The nickname 'alice' is already used in room 'names': choose another.")
                .extracting(e -> ((DuplexException) e).code()).isEqualTo(ErrorCode.NICKNAME_TAKEN);
        assertThat(relay.stats().members()).isEqualTo(1);
    }

    @Test
    void sameSessionReconnectingReplacesItsStaleConnectionWithoutLeaveOrJoinNotices() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        join("bob", "ghost", bobSees);
        String token = "0123456789abcdef0123";
        java.util.Map<String, String> attrs = java.util.Map.of(dev.duplex.core.internal.protocol.Hello.ATTR_SESSION, token);
        try (var first = dev.duplex.core.testing.RawDuplexSocket.connect(relay.port(), 0);
             var second = dev.duplex.core.testing.RawDuplexSocket.connect(relay.port(), 0);
             var impostor = dev.duplex.core.testing.RawDuplexSocket.connect(relay.port(), 0)) {
            first.send(new dev.duplex.core.internal.protocol.Hello(1, 3, "alice", "ghost", attrs));
            first.readUntil(dev.duplex.core.internal.protocol.Welcome.class);
            await().atMost(WAIT).until(() -> bobSees.presence.size() == 2);

            second.send(new dev.duplex.core.internal.protocol.Hello(1, 3, "alice", "ghost", attrs));
            assertThat(second.readUntil(dev.duplex.core.internal.protocol.Welcome.class).nickname()).isEqualTo("alice");
            assertThat(first.readUntil(dev.duplex.core.internal.protocol.Bye.class).reason()).as("told why")
                    .isEqualTo("Your session connected again; this older connection is closed.");
            assertThat(first.closedByPeer()).as("the stale connection is retired").isTrue();

            impostor.send(new dev.duplex.core.internal.protocol.Hello(1, 3, "alice", "ghost",
                    java.util.Map.of(dev.duplex.core.internal.protocol.Hello.ATTR_SESSION, "ffffffffffffffffffff")));
            assertThat(impostor.readUntil(dev.duplex.core.internal.protocol.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.NICKNAME_TAKEN);
        }
        await().atMost(WAIT).until(() -> bobSees.presence.size() >= 3);
        assertThat(bobSees.presence).extracting(PresenceEvent::kind).containsExactly(PresenceEvent.Kind.SNAPSHOT,
                PresenceEvent.Kind.JOINED, PresenceEvent.Kind.LEFT);
    }

    @Test
    void nicknamesThatLookTheSameCannotShareARoom() {
        join("bob", "names", new RecordingListener());
        join("caf\u00e9", "names", new RecordingListener());
        for (String lookalike : new String[] {"Bob", "BOB", "cafe\u0301", "CAFE\u0301"}) {
            assertThatThrownBy(() -> DuplexClient.builder().port(relay.port()).nickname(lookalike).room("names")
                    .eventLoops(loops).connect().join())
                    .as(lookalike).cause().isInstanceOf(DuplexException.class)
                    .extracting(e -> ((DuplexException) e).code()).isEqualTo(ErrorCode.NICKNAME_TAKEN);
        }
        assertThat(relay.stats().members()).isEqualTo(2);
    }

    @Test
    void namesAreNormalisedToNfcSoBothSpellingsMeetInOneRoom() {
        RecordingListener nfcSees = new RecordingListener();
        Session nfc = join("ann", "caf\u00e9", nfcSees);
        Session nfd = join("zo\u0308e", "cafe\u0301", new RecordingListener());
        assertThat(nfd.room()).as("the room as the relay names it").isEqualTo("caf\u00e9");
        assertThat(nfd.nickname()).as("the nickname as the relay accepted it").isEqualTo("z\u00f6e");
        await().atMost(WAIT).until(() -> nfc.participants().equals(java.util.Set.of("ann", "z\u00f6e")));
        nfd.sendText("hello").join();
        await().atMost(WAIT).until(() -> nfcSees.bodies().contains("hello"));
        assertThat(nfcSees.texts.get(0).sender()).isEqualTo("z\u00f6e");
    }

    @Test
    void membersGetOnlyTheMediaTheirCapabilitiesAskFor() throws Exception {
        Session alice = join("alice", "caps", new RecordingListener());
        try (var textOnly = dev.duplex.core.testing.RawDuplexSocket.connect(relay.port(), 0);
             var videoOnly = dev.duplex.core.testing.RawDuplexSocket.connect(relay.port(), 0)) {
            textOnly.send(new dev.duplex.core.internal.protocol.Hello(1, dev.duplex.core.internal.protocol.Hello.CAP_TEXT, "reader",
                    "caps", java.util.Map.of()));
            textOnly.readUntil(dev.duplex.core.internal.protocol.Welcome.class);
            videoOnly.send(new dev.duplex.core.internal.protocol.Hello(1, dev.duplex.core.internal.protocol.Hello.CAP_VIDEO, "screen",
                    "caps", java.util.Map.of()));
            videoOnly.readUntil(dev.duplex.core.internal.protocol.Welcome.class);
            await().atMost(WAIT).until(() -> alice.participants().size() == 3);

            alice.sendVideo(4, 3, 1, new byte[] {1, 2, 3});
            alice.sendText("after the video").join();
            alice.sendVideo(4, 3, 2, new byte[] {4, 5, 6});

            List<dev.duplex.core.internal.protocol.FrameType> reader = new ArrayList<>();
            dev.duplex.core.internal.protocol.Frame f;
            while (!((f = textOnly.read()) instanceof dev.duplex.core.internal.protocol.TextFrame)) {
                reader.add(f.type());
                io.netty.util.ReferenceCountUtil.release(f);
            }
            assertThat(reader).as("a text-only member gets no VIDEO").doesNotContain(dev.duplex.core.internal.protocol.FrameType.VIDEO);
            List<dev.duplex.core.internal.protocol.FrameType> screen = new ArrayList<>();
            int videos = 0;
            while (videos < 2) {
                f = videoOnly.read();
                screen.add(f.type());
                if (f instanceof dev.duplex.core.internal.protocol.VideoFrame v) {
                    videos++;
                    v.release();
                }
            }
            assertThat(screen).as("a video-only member gets no TEXT").doesNotContain(dev.duplex.core.internal.protocol.FrameType.TEXT);
        }
    }

    @Test
    void sameNicknameIsFineInAnotherRoom() {
        join("alice", "x", new RecordingListener());
        assertThat(join("alice", "y", new RecordingListener()).state()).isEqualTo(SessionState.CONNECTED);
    }

    @Test
    void fullRoomRefusesTheNextMember() {
        relay.close();
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).maxMembersPerRoom(2).build().start();
        join("a", "small", new RecordingListener());
        join("b", "small", new RecordingListener());
        assertThatThrownBy(() -> join("c", "small", new RecordingListener()))
                .cause().isInstanceOf(DuplexException.class).hasMessageContaining("is full");
    }

    @Test
    void unreachableRelayIsASentence() {
        int port = relay.port();
        relay.close();
        assertThatThrownBy(() -> DuplexClient.builder().port(port).nickname("alice").eventLoops(loops).connect().join())
                .cause().isInstanceOf(DuplexException.class)
                .hasMessage("Cannot reach 127.0.0.1:" + port + " — is the other side listening?");
    }

    @Test
    void secondRelayOnTheSamePortIsASentence() {
        assertThatThrownBy(() -> RelayServer.builder().bindHost("127.0.0.1").port(relay.port()).build().start())
                .isInstanceOf(DuplexException.class)
                .hasMessageContaining("Cannot listen on 127.0.0.1:" + relay.port())
                .hasMessageContaining("--port");
    }

    @Test
    void closingTwiceIsHarmless() {
        Session s = join("alice", "c", new RecordingListener());
        s.close();
        s.close();
        assertThat(s.closeFuture()).isCompleted();
        relay.close();
        relay.close();
    }
}
