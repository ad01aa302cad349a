package dev.duplex.chat.control;

import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.model.LinkState;
import dev.duplex.chat.model.SendState;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.relay.RelayServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RecordingListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller and model against a real relay and real direct peers, without any Swing. */
class ChatControllerTest {
    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0, 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RelayServer relay;

    @BeforeEach
    void startRelay() {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    private ChatController controller(ChatModel model) {
        return new ChatController(model, Clock.systemUTC(), FAST);
    }

    private ChatTarget.Relay lobby(String nickname) {
        return new ChatTarget.Relay("127.0.0.1", relay.port(), nickname, "lobby");
    }

    private static List<String> bodies(ChatModel model, ChatEntry.Kind kind) {
        return model.snapshot().entries().stream().filter(e -> e.kind() == kind).map(ChatEntry::body).toList();
    }

    @Test
    void connectsShowsParticipantsAndAnnouncesJoinsAndLeaves() {
        ChatModel alice = new ChatModel();
        try (ChatController aliceChat = controller(alice)) {
            aliceChat.start(lobby("alice")).join();
            assertThat(alice.status().state()).isEqualTo(LinkState.CONNECTED);
            assertThat(alice.status().text()).contains(" · room lobby");

            RecordingListener bobEvents = new RecordingListener();
            try (Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobEvents)
                    .connect().join()) {
                await().atMost(WAIT).until(() -> alice.snapshot().participants().equals(List.of("alice", "bob")));
                assertThat(bodies(alice, ChatEntry.Kind.NOTICE)).contains("bob joined");
                assertThat(bob.participants()).containsExactlyInAnyOrder("alice", "bob");
            }
            await().atMost(WAIT).until(() -> bodies(alice, ChatEntry.Kind.NOTICE).contains("bob left"));
            assertThat(alice.snapshot().participants()).containsExactly("alice");
        }
    }

    @Test
    void ownMessageGoesFromPendingToSentAndReachesTheRoom() {
        ChatModel alice = new ChatModel();
        RecordingListener bobEvents = new RecordingListener();
        try (Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobEvents)
                .connect().join();
             ChatController aliceChat = controller(alice)) {
            aliceChat.start(lobby("alice")).join();

            assertThat(aliceChat.send("안녕하세요 👋")).isTrue();

            ChatEntry own = alice.snapshot().entries().stream().filter(ChatEntry::own).findFirst().orElseThrow();
            assertThat(own.sender()).isEqualTo("alice");
            await().atMost(WAIT).until(() -> alice.entry(own.id()).orElseThrow().sendState() == SendState.SENT);
            await().atMost(WAIT).until(() -> bobEvents.bodies().contains("안녕하세요 👋"));
            assertThat(bobEvents.texts.get(0).sender()).isEqualTo("alice");

            bob.sendText("반가워요").join();
            await().atMost(WAIT).until(() -> bodies(alice, ChatEntry.Kind.MESSAGE).contains("반가워요"));
            ChatEntry reply = alice.snapshot().entries().stream().filter(e -> e.body().equals("반가워요"))
                    .findFirst().orElseThrow();
            assertThat(reply.own()).isFalse();
            assertThat(reply.sender()).isEqualTo("bob");
        }
    }

    @Test
    void replayedHistoryKeepsItsRelayTimeAndADividerSeparatesItFromLiveMessages() {
        RecordingListener bobEvents = new RecordingListener();
        try (Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobEvents)
                .connect().join()) {
            bob.sendText("earlier one").join();
            bob.sendText("earlier two").join();
            Instant beforeAliceJoined = Instant.now();

            ChatModel alice = new ChatModel();
            try (ChatController aliceChat = controller(alice)) {
                aliceChat.start(lobby("alice")).join();
                await().atMost(WAIT).until(() -> bodies(alice, ChatEntry.Kind.MESSAGE).size() == 2);
                bob.sendText("live one").join();
                await().atMost(WAIT).until(() -> bodies(alice, ChatEntry.Kind.MESSAGE).contains("live one"));

                List<ChatEntry.Kind> kinds = alice.snapshot().entries().stream().map(ChatEntry::kind)
                        .filter(k -> k == ChatEntry.Kind.MESSAGE || k == ChatEntry.Kind.DIVIDER).toList();
                assertThat(kinds).containsExactly(ChatEntry.Kind.MESSAGE, ChatEntry.Kind.MESSAGE,
                        ChatEntry.Kind.DIVIDER, ChatEntry.Kind.MESSAGE);
                // The replayed messages show the relay's time of sending, not the time alice joined.
                ChatEntry first = alice.snapshot().entries().stream()
                        .filter(e -> e.body().equals("earlier one")).findFirst().orElseThrow();
                assertThat(first.time()).isBeforeOrEqualTo(beforeAliceJoined);
            }
        }
    }

    @Test
    void blankTextIsNotSentAndOfflineSendingSaysWhy() {
        ChatModel model = new ChatModel();
        try (ChatController chat = controller(model)) {
            assertThat(chat.send("   ")).isFalse();
            assertThat(model.snapshot().entries()).isEmpty();

            assertThat(chat.send("hello")).isFalse();

            assertThat(bodies(model, ChatEntry.Kind.ERROR)).containsExactly(
                    "Not connected: the message was not sent. Connect first.");
            assertThat(bodies(model, ChatEntry.Kind.MESSAGE)).isEmpty();
        }
    }

    @Test
    void unreachableRelayIsASentenceNotAnException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ChatModel model = new ChatModel();
        try (ChatController chat = controller(model)) {
            assertThatThrownBy(() -> chat.start(new ChatTarget.Relay("127.0.0.1", closedPort, "alice", "lobby")).join())
                    .isInstanceOf(CompletionException.class);

            assertThat(bodies(model, ChatEntry.Kind.ERROR)).singleElement().asString()
                    .contains("Cannot reach 127.0.0.1:" + closedPort);
            assertThat(model.status().state()).isEqualTo(LinkState.OFFLINE);
            assertThat(model.status().text()).contains("Cannot reach");
        }
    }

    @Test
    void takenNicknameIsReportedOnce() {
        try (Session first = DuplexClient.builder().port(relay.port()).nickname("alice").connect().join()) {
            ChatModel model = new ChatModel();
            try (ChatController chat = controller(model)) {
                assertThatThrownBy(() -> chat.start(lobby("alice")).join()).isInstanceOf(CompletionException.class);

                assertThat(bodies(model, ChatEntry.Kind.ERROR)).singleElement().asString()
                        .contains("'alice' is already used");
                assertThat(chat.ended()).isCompletedExceptionally();
            }
            assertThat(first.participants()).containsExactly("alice");
        }
    }

    @Test
    void whatIsTypedWhileReconnectingWaitsAndIsSentOnceReconnected() {
        int port = relay.port();
        ChatModel model = new ChatModel();
        RecordingListener bobEvents = new RecordingListener();
        try (ChatController chat = controller(model)) {
            chat.start(lobby("alice")).join();

            relay.close();
            await().atMost(WAIT).until(() -> model.status().state() == LinkState.RECONNECTING);
            assertThat(model.status().text()).isEqualTo("Reconnecting to 127.0.0.1:" + port + "…");
            assertThat(chat.send("while away")).as("taken, not refused").isTrue();
            assertThat(chat.send("and this too")).isTrue();
            assertThat(bodies(model, ChatEntry.Kind.ERROR)).noneMatch(e -> e.contains("was not sent"));
            assertThat(model.snapshot().entries()).filteredOn(ChatEntry::own).extracting(ChatEntry::sendState)
                    .containsOnly(SendState.PENDING);
            assertThat(bodies(model, ChatEntry.Kind.NOTICE)).filteredOn(n -> n.startsWith("Messages typed while "
                    + "reconnecting wait here")).hasSize(1);

            relay = RelayServer.builder().bindHost("127.0.0.1").port(port).build().start();
            try (Session bob = DuplexClient.builder().port(port).nickname("bob").listener(bobEvents).connect().join()) {
                await().atMost(WAIT).until(() -> model.status().state() == LinkState.CONNECTED);
                assertThat(bodies(model, ChatEntry.Kind.NOTICE)).contains("Reconnected to 127.0.0.1:" + port + ".");
                await().atMost(WAIT).until(() -> bobEvents.bodies().equals(List.of("while away", "and this too")));
                await().atMost(WAIT).until(() -> model.snapshot().entries().stream().filter(ChatEntry::own)
                        .allMatch(e -> e.sendState() == SendState.SENT));
                assertThat(chat.unconfirmedCount()).isZero();
            }
        }
    }

    @Test
    void aPeerThatStopsAnsweringIsReportedOnceInPlainWords() throws Exception {
        ChatModel model = new ChatModel();
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             ChatController chat = controller(model)) {
            Thread peer = new Thread(() -> {
                try (java.net.Socket s = silent.accept()) {
                    // A peer that welcomes (asking for heartbeats every 100 ms), then never says anything again.
                    for (Frame f : List.<Frame>of(new Welcome(Wire.PROTOCOL_VERSION, 0, "alice", "", 100, 0, 0),
                            new Presence(Presence.Kind.SNAPSHOT, "", List.of("alice", "bob")))) {
                        ByteBuf bytes = FrameCodec.encode(f, UnpooledByteBufAllocator.DEFAULT);
                        s.getOutputStream().write(ByteBufUtil.getBytes(bytes));
                        bytes.release();
                    }
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the chat hung up
                }
            }, "silent-peer");
            peer.setDaemon(true);
            peer.start();
            chat.start(new ChatTarget.Direct("127.0.0.1", silent.getLocalPort(), "alice")).join();
            await().atMost(WAIT).until(() -> model.status().state() == LinkState.RECONNECTING);
            assertThat(bodies(model, ChatEntry.Kind.ERROR)).containsExactly(
                    "Lost contact with the other side: it stopped answering.");
        }
    }

    @Test
    void disconnectSaysSoAndLetsTheRoomKnow() {
        ChatModel model = new ChatModel();
        RecordingListener bobEvents = new RecordingListener();
        try (Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").listener(bobEvents)
                .connect().join();
             ChatController chat = controller(model)) {
            chat.start(lobby("alice")).join();
            await().atMost(WAIT).until(() -> bob.participants().contains("alice"));

            chat.disconnect().join();

            assertThat(model.status().state()).isEqualTo(LinkState.OFFLINE);
            assertThat(bodies(model, ChatEntry.Kind.NOTICE)).endsWith("Disconnected.");
            assertThat(bodies(model, ChatEntry.Kind.ERROR)).isEmpty();
            await().atMost(WAIT).until(() -> !bob.participants().contains("alice"));
        }
    }

    @Test
    void directListenAndConnectChatBothWaysAndKeepListening() {
        ChatModel bob = new ChatModel();
        ChatModel alice = new ChatModel();
        try (ChatController bobChat = controller(bob)) {
            bobChat.start(new ChatTarget.Listen("127.0.0.1", 0, "bob")).join();
            int port = bobChat.listeningAddress().getPort();
            assertThat(bob.status().state()).isEqualTo(LinkState.LISTENING);
            assertThat(bodies(bob, ChatEntry.Kind.NOTICE)).singleElement().asString()
                    .isEqualTo("Listening on port " + port + ". Give the other person this address: 127.0.0.1:" + port + ".");

            try (ChatController aliceChat = controller(alice)) {
                aliceChat.start(new ChatTarget.Direct("127.0.0.1", port, "alice")).join();
                await().atMost(WAIT).until(() -> bodies(alice, ChatEntry.Kind.NOTICE).stream()
                        .anyMatch(n -> n.startsWith("bob joined (127.0.0.1:" + port + ")")));
                await().atMost(WAIT).until(() -> bodies(bob, ChatEntry.Kind.NOTICE).stream()
                        .anyMatch(n -> n.startsWith("alice joined")));
                assertThat(bob.snapshot().participants()).containsExactly("alice", "bob");

                assertThat(aliceChat.send("hi bob")).isTrue();
                await().atMost(WAIT).until(() -> bodies(bob, ChatEntry.Kind.MESSAGE).contains("hi bob"));
                assertThat(bobChat.send("hi alice")).isTrue();
                await().atMost(WAIT).until(() -> bodies(alice, ChatEntry.Kind.MESSAGE).contains("hi alice"));
                await().atMost(WAIT).until(() -> bob.snapshot().entries().stream().filter(ChatEntry::own)
                        .allMatch(e -> e.sendState() == SendState.SENT));
            }
            await().atMost(WAIT).until(() -> bodies(bob, ChatEntry.Kind.NOTICE).contains("alice left"));
            assertThat(bob.status().state()).isEqualTo(LinkState.LISTENING);
            assertThat(bodies(bob, ChatEntry.Kind.ERROR)).isEmpty();
        }
    }

    @Test
    void connectorEndsNormallyWhenThePeerLeaves() {
        ChatModel alice = new ChatModel();
        ChatController bobChat = controller(new ChatModel());
        try (ChatController aliceChat = controller(alice)) {
            try {
                bobChat.start(new ChatTarget.Listen("127.0.0.1", 0, "bob")).join();
                aliceChat.start(new ChatTarget.Direct("127.0.0.1", bobChat.listeningAddress().getPort(), "alice"))
                        .join();
                await().atMost(WAIT).until(() -> alice.snapshot().participants().size() == 2);
            } finally {
                bobChat.close();
            }

            assertThat(aliceChat.ended()).succeedsWithin(WAIT);
            assertThat(bodies(alice, ChatEntry.Kind.NOTICE)).contains("bob left");
            assertThat(alice.status().state()).isEqualTo(LinkState.OFFLINE);
            assertThat(bodies(alice, ChatEntry.Kind.ERROR)).isEmpty();
        }
    }

    @Test
    void directOverTlsTheListenerShowsItsOwnFingerprintAndTheCallerTheSame() {
        Identity identity = Identity.generate();
        ChatModel listening = new ChatModel();
        ChatModel calling = new ChatModel();
        try (ChatController server = controller(listening).security(ChatSecurity.tls().identity(identity));
             ChatController client = controller(calling)
                     .security(ChatSecurity.tls().knownHosts(KnownHosts.inMemory()))) {
            server.start(new ChatTarget.Listen("127.0.0.1", 0, "sam")).join();
            assertThat(bodies(listening, ChatEntry.Kind.NOTICE)).contains("Your identity is " + identity.fingerprint()
                    + ": the other person should see the same fingerprint on first contact.");
            assertThat(listening.status().identity()).isEqualTo("TLS · your identity " + identity.fingerprint().abbreviated());
            int port = server.listeningAddress().getPort();
            client.start(new ChatTarget.Direct("127.0.0.1", port, "cat")).join();
            await().atMost(WAIT).until(() -> calling.status().text().startsWith("Chatting with sam"));
            assertThat(calling.status().identity()).isEqualTo("TLS · peer " + identity.fingerprint().abbreviated());
            assertThat(bodies(calling, ChatEntry.Kind.NOTICE)).anyMatch(n -> n.startsWith("First connection to 127.0.0.1:"
                    + port + ": its identity is " + identity.fingerprint()));
        }
    }

    @Test
    void aPersonWhoAnswersTheTrustQuestionAfterTheRelayStoppedWaitingIsConnected() throws Exception {
        Identity identity = Identity.generate();
        dev.duplex.core.transport.TransportConfig quick = dev.duplex.core.transport.TransportConfig.builder()
                .helloTimeout(Duration.ofMillis(300)).build();
        java.util.concurrent.CompletableFuture<dev.duplex.core.security.TrustDecision> person =
                new java.util.concurrent.CompletableFuture<>();
        KnownHosts known = KnownHosts.inMemory();
        try (RelayServer strict = RelayServer.builder().bindHost("127.0.0.1").port(0).config(quick)
                .tls(dev.duplex.core.security.TlsOptions.server(identity)).build().start()) {
            ChatModel model = new ChatModel();
            try (ChatController chat = controller(model).security(ChatSecurity.tls().knownHosts(known))
                    .trustPrompt(contact -> person)) {
                java.util.concurrent.CompletableFuture<Void> started = chat.start(new ChatTarget.Relay("127.0.0.1", strict.port(), "alice", "lobby"));
                await().atMost(WAIT).until(() -> strict.stats().connectionsAccepted() == 1
                        && strict.stats().openConnections() == 0);
                assertThat(started).as("still asking").isNotDone();
                person.complete(dev.duplex.core.security.TrustDecision.TRUST_AND_REMEMBER);
                assertThat(started).succeedsWithin(WAIT);
                assertThat(model.status().state()).isEqualTo(LinkState.CONNECTED);
                assertThat(bodies(model, ChatEntry.Kind.ERROR)).isEmpty();
                assertThat(known.lookup("127.0.0.1", strict.port())).contains(identity.fingerprint());
            }
        }
    }
}
